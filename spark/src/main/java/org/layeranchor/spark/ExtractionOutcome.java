package org.layeranchor.spark;

import org.layeranchor.features.IndexRow;
import org.layeranchor.features.StoreIndex;

/**
 * What happened to one utterance on an executor, sent back to the driver: its index row (extracted
 * now, or already in the store) or the reason it failed. A Java bean, so the result is a Dataset too;
 * the utterance's own columns are its {@link UtteranceRecord}'s.
 */
public class ExtractionOutcome extends UtteranceRecord {
    private static final long serialVersionUID = 1L;

    /** The three outcomes, as in the local extractor's summary. */
    public enum Status { EXTRACTED, CACHED, FAILED }

    private String status;
    private double durationS;
    private String audioSha256;
    private int frames;
    private boolean hasFrames;
    private String pooledCrc32 = "";
    private String framesCrc32 = "";
    private String error;

    public ExtractionOutcome() {
    }

    public static ExtractionOutcome stored(IndexRow r, boolean extractedNow, int line) {
        ExtractionOutcome o = new ExtractionOutcome();
        o.status = (extractedNow ? Status.EXTRACTED : Status.CACHED).name();
        o.setCorpus(r.corpus());
        o.setCorpusDir(r.corpusDir());
        o.setPath(r.path());
        o.setSpeaker(r.speaker());
        o.setGender(r.gender());
        o.setEmotion(r.emotion());
        o.setLanguage(r.language());
        o.durationS = r.durationS();
        o.audioSha256 = r.audioSha256();
        o.frames = r.frames();
        o.hasFrames = r.hasFrames();
        o.pooledCrc32 = r.pooledCrc32();
        o.framesCrc32 = r.framesCrc32();
        o.setLine(line);
        return o;
    }

    public static ExtractionOutcome failed(UtteranceRecord u, String error) {
        ExtractionOutcome o = new ExtractionOutcome();
        o.status = Status.FAILED.name();
        o.setCorpus(u.getCorpus());
        o.setCorpusDir(u.getCorpusDir());
        o.setPath(u.getPath());
        o.setLine(u.getLine());
        o.error = error;
        return o;
    }

    public Status outcome() {
        return Status.valueOf(status);
    }

    public IndexRow toIndexRow() {
        return new IndexRow(getCorpus(), getCorpusDir(), getPath(), getSpeaker(), getGender(), getEmotion(), getLanguage(),
                durationS, audioSha256, frames,
                hasFrames, pooledCrc32 == null ? "" : pooledCrc32, framesCrc32 == null ? "" : framesCrc32);
    }

    public StoreIndex.Failure toFailure() {
        return new StoreIndex.Failure(getCorpus(), getPath(), getLine(), error);
    }

    /** Corpus and path: the index's key. */
    public String key() {
        return getCorpus() + "/" + getPath();
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public double getDurationS() {
        return durationS;
    }

    public void setDurationS(double durationS) {
        this.durationS = durationS;
    }

    public String getAudioSha256() {
        return audioSha256;
    }

    public void setAudioSha256(String audioSha256) {
        this.audioSha256 = audioSha256;
    }

    public int getFrames() {
        return frames;
    }

    public void setFrames(int frames) {
        this.frames = frames;
    }

    public boolean isHasFrames() {
        return hasFrames;
    }

    public void setHasFrames(boolean hasFrames) {
        this.hasFrames = hasFrames;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    public String getPooledCrc32() {
        return pooledCrc32;
    }

    public void setPooledCrc32(String pooledCrc32) {
        this.pooledCrc32 = pooledCrc32;
    }

    public String getFramesCrc32() {
        return framesCrc32;
    }

    public void setFramesCrc32(String framesCrc32) {
        this.framesCrc32 = framesCrc32;
    }
}
