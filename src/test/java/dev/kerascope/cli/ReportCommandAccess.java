package dev.kerascope.cli;

import java.util.List;

/** Lets tests in other packages read the report command's built-in class-name lists. */
public final class ReportCommandAccess {
    private ReportCommandAccess() {}

    public static List<String> classNames(String arg) {
        return ReportCommand.classNames(arg);
    }
}
