package org.layeranchor.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.layeranchor.audio.Audio;
import org.layeranchor.audio.AudioException;
import org.layeranchor.audio.AudioReader;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.encoder.EncoderException;
import org.layeranchor.encoder.HiddenStates;
import org.layeranchor.encoder.SpeechEncoder;
import org.layeranchor.features.FeatureStore;
import org.layeranchor.features.Pooling;
import org.layeranchor.features.IndexRow;

/**
 * The executor side of the job: encodes each utterance of one partition and writes its entry with
 * the local store's own code ({@link FeatureStore#writeEntry}: content keys, atomic
 * write-then-rename), exactly as {@code layeranchor extract} does.
 *
 * <p>As locally, a bad audio file becomes a FAILED outcome and the others go on, while a failure to
 * write the store fails the task (Spark retries it, then stops the job): every later write would
 * fail too. A task that dies mid-write leaves at most temporaries and a frames file without its
 * pooled file, which no reader takes for an entry; its retry writes the entry again.
 */
final class PartitionExtractor implements MapPartitionsFunction<UtteranceRecord, ExtractionOutcome> {
    private static final long serialVersionUID = 1L;

    private final EncoderOpener encoder;
    private final String storeRoot;
    private final String encoderKey;
    private final boolean frames;
    private final Pooling pooling;
    private final Broadcast<Map<String, KnownEntry>> known;
    private final ExtractionCounters counters;

    PartitionExtractor(EncoderOpener encoder, String storeRoot, String encoderKey, boolean frames, Pooling pooling,
                       Broadcast<Map<String, KnownEntry>> known, ExtractionCounters counters) {
        this.encoder = encoder;
        this.storeRoot = storeRoot;
        this.encoderKey = encoderKey;
        this.frames = frames;
        this.pooling = pooling;
        this.known = known;
        this.counters = counters;
    }

    @Override
    public Iterator<ExtractionOutcome> call(Iterator<UtteranceRecord> utterances) throws Exception {
        SpeechEncoder enc = ExecutorEncoders.get(encoder);
        FeatureStore store = FeatureStore.openExisting(Path.of(storeRoot));
        List<ExtractionOutcome> out = new ArrayList<>();
        try (TaskJournal journal = TaskJournal.open(store.encoderDir(encoderKey), attemptName())) {
            while (utterances.hasNext()) {
                out.add(extract(utterances.next(), enc, store, journal));
            }
        }
        return out.iterator();
    }

    private ExtractionOutcome extract(UtteranceRecord record, SpeechEncoder enc, FeatureStore store, TaskJournal journal)
            throws IOException {
        Utterance u = record.toUtterance();
        try {
            Path file = u.audioFile();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new AudioException(file.toString(), AudioException.Kind.UNREADABLE, "cannot read (" + e.getMessage() + ")", e);
            }
            String sha = FeatureStore.contentKey(bytes);
            KnownEntry k = known.value().get(sha);
            if (k != null && store.hasEntry(encoderKey, sha, frames)) {
                // Same audio, same encoder: reuse the entry; the manifest's labels may have changed, so take them anew.
                IndexRow r = IndexRow.of(u, sha, k.durationS(), k.frames(), frames || k.hasFrames(), k.pooledCrc32(),
                        k.framesCrc32());
                journal.append(r);
                counters.cached().add(1);
                return ExtractionOutcome.stored(r, false, u.line());
            }
            Audio audio = AudioReader.read(bytes, file.toString());
            HiddenStates hs = enc.encode(audio);
            IndexRow r = store.writeEntry(encoderKey, u, sha, audio.durationSeconds(), hs, pooling.pool(hs, audio), frames);
            journal.append(r);
            counters.extracted().add(1);
            return ExtractionOutcome.stored(r, true, u.line());
        } catch (FeatureStore.StoreWriteException e) {
            throw e;
        } catch (AudioException | EncoderException | IOException | RuntimeException e) {
            counters.failed().add(1);
            return ExtractionOutcome.failed(record, reason(e));
        }
    }

    /** The same reason text as the local extractor's failures.csv. */
    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String attemptName() {
        TaskContext t = TaskContext.get();
        return t == null ? "driver" : "stage" + t.stageId() + "-part" + t.partitionId() + "-attempt" + t.attemptNumber();
    }
}
