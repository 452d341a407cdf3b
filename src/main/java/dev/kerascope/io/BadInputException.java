package dev.kerascope.io;

import java.nio.file.Path;

/**
 * Input the user gave us is wrong (a corrupt file, an impossible architecture, a missing data set). The CLI turns it
 * into one line on stderr and exit code 2; everything else is exit code 1.
 */
public class BadInputException extends RuntimeException {
    /** What the user can do about it, worded by the front end. */
    private Remedy remedy = Remedy.NONE;

    /**
     * A bad input.
     *
     * @param message what is wrong, for the user: one line, naming the file where there is one
     */
    public BadInputException(String message) {
        super(message);
    }

    /**
     * A bad input found through another exception.
     *
     * @param message what is wrong, for the user
     * @param cause the exception that revealed it (kept for debugging, never shown to the user)
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A message that starts with the file it is about, as every bad-input message should.
     *
     * @param file the file or folder at fault
     * @param problem what is wrong with it
     * @return the exception, to throw
     */
    public static BadInputException inFile(Path file, String problem) {
        return new BadInputException(file + ": " + problem);
    }

    /**
     * This exception, with what the user can do about it (the front end words it).
     *
     * @param r the remedy
     * @return this exception, to throw
     */
    public BadInputException suggesting(Remedy r) {
        this.remedy = r;
        return this;
    }

    /**
     * What the user can do about it.
     *
     * @return the remedy, {@link Remedy#NONE} unless one was suggested
     */
    public Remedy remedy() {
        return remedy;
    }

    /**
     * This problem as the user should read it where {@code internal} is a folder kerascope made (a Keras file converted
     * into a temporary SavedModel): the same message with {@code shown} in its place, the same remedy.
     *
     * @param internal the path the message may name
     * @param shown the path the user gave
     * @return an exception to throw: this one where the message does not name {@code internal}
     */
    public BadInputException namingInstead(Path internal, Path shown) {
        String message = getMessage();
        if (message == null || !message.contains(internal.toString())) {
            return this;
        }
        return new BadInputException(message.replace(internal.toString(), shown.toString()), this).suggesting(remedy);
    }
}
