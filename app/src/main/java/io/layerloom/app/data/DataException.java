package io.layerloom.app.data;

/**
 * A data file or source the user pointed at cannot be used. The message names the file (and line
 * or column where there is one), what is wrong, and where possible how to fix it; it is meant to be
 * shown as it is.
 */
public class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
