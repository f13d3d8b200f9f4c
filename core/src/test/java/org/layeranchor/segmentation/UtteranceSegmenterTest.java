package org.layeranchor.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UtteranceSegmenterTest {
    private static final UtteranceSegmenter SEGMENTER =
            new UtteranceSegmenter(new VoiceActivityDetector(), UtteranceSegmenter.Settings.defaults());

    @Test
    void cutsAtPausesAndReportsTheRestAsSilence() {
        float[] x = Signals.noise(10.0, -60, 1);
        Signals.addTone(x, 1.0, 3.0, 220, 0.3);
        Signals.addTone(x, 4.0, 6.5, 440, 0.3);
        List<TimelineSpan> spans = SEGMENTER.segment(x, Signals.RATE);
        assertCoversExactly(spans, x.length);
        List<TimelineSpan> speech = spans.stream().filter(TimelineSpan::speech).toList();
        assertEquals(2, speech.size(), spans.toString());
        assertEquals(1.0, speech.get(0).range().startSeconds(Signals.RATE), 0.03);
        assertEquals(4.0, speech.get(1).range().startSeconds(Signals.RATE), 0.03);
        assertFalse(spans.get(0).speech());
        assertFalse(spans.get(spans.size() - 1).speech());
    }

    @Test
    void longSpeechIsSplitAtItsQuietestPointIntoPiecesNoLongerThanTheMaximum() {
        // 12 s of speech with a dip (not a pause: 0.15 s, bridged by the detector) at 5 s.
        float[] x = Signals.noise(14.0, -60, 2);
        Signals.addTone(x, 1.0, 6.0, 220, 0.3);
        Signals.addTone(x, 6.0, 13.0, 220, 0.3);
        Signals.addTone(x, 6.0, 6.15, 220, -0.27); // 20 dB quieter for 150 ms, starting at 6 s
        List<TimelineSpan> speech = SEGMENTER.segment(x, Signals.RATE).stream().filter(TimelineSpan::speech).toList();
        assertEquals(2, speech.size(), speech.toString());
        double cut = speech.get(0).range().endSeconds(Signals.RATE);
        assertTrue(cut > 6.0 && cut < 6.15, "cut at " + cut);
        assertEquals(cut, speech.get(1).range().startSeconds(Signals.RATE), 0.0);
        for (TimelineSpan s : speech) {
            assertTrue(s.range().length() <= Signals.samples(8.0), s.toString());
        }
    }

    @Test
    void featurelessLongSpeechIsStillCutToTheMaximum() {
        float[] x = Signals.noise(22.0, -60, 3);
        Signals.addSyllables(x, 0.5, 21.5, 220, 0.3);
        List<TimelineSpan> speech = SEGMENTER.segment(x, Signals.RATE).stream().filter(TimelineSpan::speech).toList();
        assertTrue(speech.size() == 3 || speech.size() == 4, speech.toString());
        for (TimelineSpan s : speech) {
            assertTrue(s.range().length() <= Signals.samples(8.0) && s.range().length() >= Signals.samples(1.0), s.toString());
        }
    }

    @Test
    void veryShortSpeechJoinsItsNearerNeighbourAcrossTheShortPause() {
        float[] x = Signals.noise(10.0, -60, 4);
        Signals.addTone(x, 1.0, 3.0, 220, 0.3);
        Signals.addTone(x, 3.4, 3.8, 220, 0.3);   // 0.4 s of speech 0.4 s after the first
        Signals.addTone(x, 5.0, 7.0, 220, 0.3);
        List<TimelineSpan> speech = SEGMENTER.segment(x, Signals.RATE).stream().filter(TimelineSpan::speech).toList();
        assertEquals(2, speech.size(), speech.toString());
        assertEquals(1.0, speech.get(0).range().startSeconds(Signals.RATE), 0.03);
        assertEquals(3.8, speech.get(0).range().endSeconds(Signals.RATE), 0.15);
    }

    @Test
    void isolatedShortSpeechStaysASegmentOfItsOwn() {
        float[] x = Signals.noise(10.0, -60, 5);
        Signals.addTone(x, 5.0, 5.5, 220, 0.3);
        List<TimelineSpan> speech = SEGMENTER.segment(x, Signals.RATE).stream().filter(TimelineSpan::speech).toList();
        assertEquals(1, speech.size(), speech.toString());
    }

    @Test
    void aSmallerMaximumShrinksTheMinimumWithIt() {
        UtteranceSegmenter.Settings s = UtteranceSegmenter.Settings.defaults().withMaxSegmentSeconds(1.5);
        assertEquals(1.5, s.maxSegmentSeconds());
        assertEquals(0.75, s.minSegmentSeconds());
        float[] x = Signals.noise(6.0, -60, 6);
        Signals.addTone(x, 0.5, 5.5, 220, 0.3);
        List<TimelineSpan> speech = new UtteranceSegmenter(new VoiceActivityDetector(), s).segment(x, Signals.RATE)
                .stream().filter(TimelineSpan::speech).toList();
        for (TimelineSpan t : speech) {
            assertTrue(t.range().length() <= Signals.samples(1.5), t.toString());
        }
    }

    @Test
    void aRecordingWithoutSpeechIsOneSilence() {
        List<TimelineSpan> spans = SEGMENTER.segment(new float[Signals.samples(9.0)], Signals.RATE);
        assertEquals(1, spans.size());
        assertFalse(spans.get(0).speech());
        assertCoversExactly(spans, Signals.samples(9.0));
    }

    private static void assertCoversExactly(List<TimelineSpan> spans, int length) {
        int at = 0;
        for (TimelineSpan s : spans) {
            assertEquals(at, s.range().start(), spans.toString());
            at = s.range().end();
        }
        assertEquals(length, at);
    }
}
