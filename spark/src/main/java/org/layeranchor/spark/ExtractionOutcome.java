package org.layeranchor.spark;

import java.io.Serializable;
import org.layeranchor.features.IndexRow;
import org.layeranchor.features.StoreIndex;

/**
 * What happened to one utterance on an executor, sent back to the driver: its index row (extracted
 * now, or already in the store) or the reason it failed. A Java bean, so the result is a Dataset too.
 */
public class ExtractionOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The three outcomes, as in the local extractor's summary. */
    public enum Status { EXTRACTED, CACHED, FAILED }

    private String status;
    private String corpus;
    private String corpusDir;
    private String path;
    private String speaker;
    private String gender;
    private String emotion;
    private String language;
    private double durationS;
    private String audioSha256;
    private int frames;
    private boolean hasFrames;
    private String pooledCrc32 = "";
    private String framesCrc32 = "";
    private int line;
    private String error;

    public ExtractionOutcome() {
    }

    public static ExtractionOutcome stored(IndexRow r, boolean extractedNow, int line) {
        ExtractionOutcome o = new ExtractionOutcome();
        o.status = (extractedNow ? Status.EXTRACTED : Status.CACHED).name();
        o.corpus = r.corpus();
        o.corpusDir = r.corpusDir();
        o.path = r.path();
        o.speaker = r.speaker();
        o.gender = r.gender();
        o.emotion = r.emotion();
        o.language = r.language();
        o.durationS = r.durationS();
        o.audioSha256 = r.audioSha256();
        o.frames = r.frames();
        o.hasFrames = r.hasFrames();
        o.pooledCrc32 = r.pooledCrc32();
        o.framesCrc32 = r.framesCrc32();
        o.line = line;
        return o;
    }

    public static ExtractionOutcome failed(UtteranceRecord u, String error) {
        ExtractionOutcome o = new ExtractionOutcome();
        o.status = Status.FAILED.name();
        o.corpus = u.getCorpus();
        o.corpusDir = u.getCorpusDir();
        o.path = u.getPath();
        o.line = u.getLine();
        o.error = error;
        return o;
    }

    public Status outcome() {
        return Status.valueOf(status);
    }

    public IndexRow toIndexRow() {
        return new IndexRow(corpus, corpusDir, path, speaker, gender, emotion, language, durationS, audioSha256, frames,
                hasFrames, pooledCrc32 == null ? "" : pooledCrc32, framesCrc32 == null ? "" : framesCrc32);
    }

    public StoreIndex.Failure toFailure() {
        return new StoreIndex.Failure(corpus, path, line, error);
    }

    /** Corpus and path: the index's key. */
    public String key() {
        return corpus + "/" + path;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getCorpus() {
        return corpus;
    }

    public void setCorpus(String corpus) {
        this.corpus = corpus;
    }

    public String getCorpusDir() {
        return corpusDir;
    }

    public void setCorpusDir(String corpusDir) {
        this.corpusDir = corpusDir;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getSpeaker() {
        return speaker;
    }

    public void setSpeaker(String speaker) {
        this.speaker = speaker;
    }

    public String getGender() {
        return gender;
    }

    public void setGender(String gender) {
        this.gender = gender;
    }

    public String getEmotion() {
        return emotion;
    }

    public void setEmotion(String emotion) {
        this.emotion = emotion;
    }

    public String getLanguage() {
        return language;
    }

    public void setLanguage(String language) {
        this.language = language;
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

    public int getLine() {
        return line;
    }

    public void setLine(int line) {
        this.line = line;
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
