package org.layeranchor.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import org.layeranchor.corpus.Utterance;

/**
 * One manifest row as a row of the job's Dataset (a Java bean, so Spark sees named columns).
 * Carries what an executor needs to find the audio and to write the entry's index row.
 */
public class UtteranceRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private String corpus;
    private String corpusDir;
    private String path;
    private String speaker;
    private String gender;
    private String emotion;
    private String language;
    private int line;

    public UtteranceRecord() {
    }

    public static UtteranceRecord of(Utterance u) {
        UtteranceRecord r = new UtteranceRecord();
        r.corpus = u.corpus();
        r.corpusDir = u.corpusDir().toAbsolutePath().normalize().toString();
        r.path = u.path();
        r.speaker = u.speaker();
        r.gender = u.gender();
        r.emotion = u.emotion();
        r.language = u.language();
        r.line = u.line();
        return r;
    }

    /** The manifest row again (text, declared duration and extra columns are not needed for extraction). */
    public Utterance toUtterance() {
        return new Utterance(corpus, Path.of(corpusDir), path, speaker, gender, emotion, language, "", Double.NaN,
                Map.of(), line);
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

    public int getLine() {
        return line;
    }

    public void setLine(int line) {
        this.line = line;
    }
}
