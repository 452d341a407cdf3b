package dev.kerascope.io;

/**
 * What a user can do about a {@link BadInputException}, in the lower layers' terms. The front end says it in its own
 * words (the CLI names its options), so no lower layer spells a flag.
 */
public enum Remedy {
    /** The message is complete as it stands. */
    NONE,
    /** The output folder holds earlier work: continue it, or write elsewhere. */
    CONTINUE_OR_OTHER_FOLDER,
    /** The output folder holds work that cannot be continued: write elsewhere. */
    OTHER_FOLDER,
    /** The default choice of layers found none: name layers. */
    NAME_LAYERS,
    /** The model has no meta graph with the tags asked for: choose one of those listed. */
    CHOOSE_TAGS,
    /** The model's input is not an image: feed it from arrays, one per input. */
    FEED_ARRAYS,
    /** No data set was found: point at a folder that holds it. */
    DATA_FOLDER
}
