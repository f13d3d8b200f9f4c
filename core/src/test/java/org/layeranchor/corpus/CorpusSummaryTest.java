package org.layeranchor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.SharedData;
import org.layeranchor.testing.TinyCorpus;

class CorpusSummaryTest {
    @Test
    void countsComeFromTheManifest(@TempDir Path tmp) {
        Path dir = TinyCorpus.in(tmp, "t")
                .row("a.wav,s1,f,happy,en,,1800")
                .row("b.wav,s1,f,calm,en,,900")
                .row("c.wav,s2,m,sad,de,,")
                .row("d.wav,s3,m,calm,en,,900")
                .row("e.wav,s3,m,hapy,en,,1") // rejected row
                .write();
        CorpusSummary s = CorpusSummary.of(Corpus.load(dir), ClassSet.FOUR);
        assertEquals(Set.of("de", "en"), s.languages());
        assertEquals(4, s.utterances());
        assertEquals(3, s.speakers());
        assertEquals(Map.of("f", 1, "m", 2), s.speakersByGender());
        assertEquals(1.0, s.hours(), 1e-12);
        assertEquals(1, s.rowsWithoutDuration());
        assertEquals(List.of("neutral", "happy", "sad", "angry"), List.copyOf(s.classCounts().keySet()));
        assertEquals(Map.of("neutral", 0, "happy", 1, "sad", 1, "angry", 0), s.classCounts());
        assertEquals(Map.of("calm", 2), s.outsideClassSet());
        assertEquals(1, s.problems());

        CorpusSummary merged = CorpusSummary.of(Corpus.load(dir), ClassSet.FOUR.withMerges(List.of("calm=neutral")));
        assertEquals(2, merged.classCounts().get("neutral"));
        assertEquals(0, merged.outsideCount());
    }

    @Test
    void sharedCorporaMatchTheirDocumentation() {
        // Numbers from shared/README.md.
        CorpusSummary emodb = CorpusSummary.of(Corpus.load(SharedData.corpus("emodb")), ClassSet.FOUR);
        assertEquals(535, emodb.utterances());
        assertEquals(10, emodb.speakers());
        assertEquals(Map.of("neutral", 79, "happy", 71, "sad", 62, "angry", 127), emodb.classCounts());
        assertEquals(Map.of("boredom", 81, "disgust", 46, "fear", 69), emodb.outsideClassSet());
        assertEquals(535 * 2.0 / 3600, emodb.hours(), 1e-9);

        CorpusSummary ravdess = CorpusSummary.of(Corpus.load(SharedData.corpus("ravdess")), ClassSet.FOUR);
        assertEquals(Set.of("en"), ravdess.languages());
        assertEquals(24, ravdess.speakers());
        assertEquals(96, ravdess.classCounts().get("neutral"));
        assertEquals(192, ravdess.outsideClassSet().get("calm"));

        CorpusSummary urdu = CorpusSummary.of(Corpus.load(SharedData.corpus("urdu")), ClassSet.FOUR);
        assertEquals(29, urdu.speakers());
        assertEquals(0, urdu.outsideCount());
    }
}
