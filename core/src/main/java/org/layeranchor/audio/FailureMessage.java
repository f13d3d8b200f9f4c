package org.layeranchor.audio;

import java.io.PrintWriter;

/**
 * What batch commands (predict, extract, corpus validate, layers) say when one file fails: one line
 * naming the file and the reason, whatever was thrown, so that one bad file never stops the others
 * and never prints a bare number or a stack trace (unless {@code -Dlayeranchor.debug=true}).
 *
 * <p>The commands catch {@code Exception | OutOfMemoryError | StackOverflowError} per file: every
 * exception, and the errors the JVM survives once the file's data is garbage. Other errors (a broken
 * JVM or class path) still stop the run.
 */
public final class FailureMessage {
    private FailureMessage() {
    }

    /** {@code file: reason}. */
    public static String line(String file, Throwable t) {
        return file + ": " + reason(file, t);
    }

    /** Why processing failed, without the file name (even when the exception's message starts with it). */
    public static String reason(String file, Throwable t) {
        if (t instanceof AudioException a) {
            return a.problem();
        }
        if (t instanceof OutOfMemoryError) {
            return "ran out of memory (" + t.getMessage()
                    + "); give Java more heap, e.g. LAYERANCHOR_JAVA_OPTS=-Xmx16g";
        }
        if (t instanceof StackOverflowError) {
            return "internal error: stack overflow";
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank() || !msg.matches(".*\\p{L}{2,}.*")) {
            // No words to show (null, or a bare number such as an array size): name what was thrown.
            return "internal error: " + t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : " " + msg);
        }
        String prefix = file + ": ";
        return msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
    }

    /** Prints the stack trace when {@code -Dlayeranchor.debug=true}, for the one who debugs. */
    public static void debugTrace(Throwable t, PrintWriter err) {
        if (Boolean.getBoolean("layeranchor.debug")) {
            t.printStackTrace(err);
            err.flush();
        }
    }
}
