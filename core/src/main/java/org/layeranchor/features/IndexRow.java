package org.layeranchor.features;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One utterance in a store's {@code index.csv}: which corpus row it is and which entry holds its features.
 *
 * @param corpus      corpus name
 * @param corpusDir   the corpus folder when it was extracted (absolute)
 * @param path        audio path relative to the corpus folder
 * @param speaker     speaker id or ""
 * @param gender      gender or ""
 * @param emotion     emotion as written in the manifest (class sets are applied when loading)
 * @param language    language code or ""
 * @param durationS   decoded duration in seconds
 * @param audioSha256 SHA-256 of the audio file's bytes: the entry's key within its encoder folder
 * @param frames      encoder frames the entry was pooled over
 * @param hasFrames   whether frame-level features are stored too
 * @param pooledCrc32 {@link EntryChecksum} of the pooled file when written, or "" (stores written before checksums)
 * @param framesCrc32 {@link EntryChecksum} of the frames file, or "" (none stored, or written before checksums)
 */
public record IndexRow(String corpus, String corpusDir, String path, String speaker, String gender,
                       String emotion, String language, double durationS, String audioSha256, int frames,
                       boolean hasFrames, String pooledCrc32, String framesCrc32) {
    static final String HEADER = "corpus,corpus_dir,path,speaker,gender,emotion,language,duration_s,audio_sha256,"
            + "frames,pooled_file,frames_file,pooled_crc32,frames_crc32";
    /** Columns of an index written before checksums were kept (still read). */
    static final int COLUMNS_WITHOUT_CHECKSUMS = 12;
    static final int COLUMNS = 14;

    /** A row without checksums. */
    public IndexRow(String corpus, String corpusDir, String path, String speaker, String gender, String emotion,
                    String language, double durationS, String audioSha256, int frames, boolean hasFrames) {
        this(corpus, corpusDir, path, speaker, gender, emotion, language, durationS, audioSha256, frames, hasFrames, "", "");
    }

    /** The index row of manifest row {@code u} whose features are the entry {@code sha256}. */
    public static IndexRow of(org.layeranchor.corpus.Utterance u, String sha256, double durationS, int frames,
                              boolean hasFrames, String pooledCrc32, String framesCrc32) {
        return new IndexRow(u.corpus(), u.corpusDir().toAbsolutePath().normalize().toString(), u.path(), u.speaker(),
                u.gender(), u.emotion(), u.language(), durationS, sha256, frames, hasFrames, pooledCrc32,
                hasFrames ? framesCrc32 : "");
    }

    /** The pooled-statistics file, relative to the encoder folder. */
    public String pooledFile() {
        return FeatureStore.entryPath("pooled", audioSha256);
    }

    /** The frame-features file relative to the encoder folder, or "" when not stored. */
    public String framesFile() {
        return hasFrames ? FeatureStore.entryPath("frames", audioSha256) : "";
    }

    /** The manifest row this entry came from (extra columns and text are not kept in the index). */
    public org.layeranchor.corpus.Utterance toUtterance() {
        return new org.layeranchor.corpus.Utterance(corpus, Path.of(corpusDir), path, speaker, gender,
                emotion, language, "", durationS, Map.of(), 0);
    }

    public IndexRow withEmotion(String e) {
        return new IndexRow(corpus, corpusDir, path, speaker, gender, e, language, durationS, audioSha256, frames, hasFrames,
                pooledCrc32, framesCrc32);
    }

    /** This row as one line of {@code index.csv} (columns as in {@link #HEADER}). */
    String csvLine() {
        return org.layeranchor.io.CsvWriter.line(List.of(corpus, corpusDir, path, speaker, gender, emotion,
                language, Double.toString(durationS), audioSha256, Integer.toString(frames), pooledFile(), framesFile(),
                pooledCrc32, hasFrames ? framesCrc32 : ""));
    }

    public String key() {
        return corpus + "/" + path;
    }
}
