package dev.kerascope.data;

/** A training and a test split of one data set, plus where they were read from. */
public record Dataset(DatasetId id, LabeledImages train, LabeledImages test, String source) {
    public Dataset limitTrain(int n) {
        return new Dataset(id, train.head(n), test, source);
    }
}
