package dev.kerascope.cli;

import java.util.Set;
import picocli.CommandLine.Option;

/** Which meta graph and signature of a SavedModel a command reads: the options every model-walking command shares. */
public class MetaGraphOptions {
    @Option(
            names = "--tags",
            split = OptionTypes.COMMA,
            splitSynopsisLabel = ",",
            converter = OptionTypes.TrimmedType.class,
            defaultValue = "serve",
            description = "the meta graph's tag set (default: ${DEFAULT-VALUE})")
    Set<String> tags;

    @Option(
            names = "--signature",
            defaultValue = "serving_default",
            description = "the signature (default: ${DEFAULT-VALUE})")
    String signature;
}
