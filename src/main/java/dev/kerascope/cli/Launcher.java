package dev.kerascope.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The jar's entry point ({@code java -jar kerascope.jar}, {@code bin/kerascope}): runs kerascope in a child JVM that
 * has the environment only a new process can give TensorFlow, and a quiet console.
 *
 * <p>Why a second JVM: TensorFlow reads {@code TF_ENABLE_ONEDNN_OPTS}, {@code TF_CPP_MIN_LOG_LEVEL} and grappler's
 * mixed-precision lists from the process environment when it loads, and absl writes its start-up lines straight to file
 * descriptor 2; Java can neither set its own environment nor redirect its own descriptor 2. The child inherits stdin
 * and stdout (progress bars reach the terminal directly); its stderr passes through {@link NativeLogFilter} unless
 * {@code KERASCOPE_DEBUG} is set. The child's exit code is the launcher's. If the launcher dies (even by SIGKILL) the
 * child notices within a quarter of a second and stops, so a killed command leaves no process behind.
 */
public final class Launcher {
    /** Set in the child's environment to the launcher's pid; its presence means "run, do not launch again". */
    static final String LAUNCHED_BY = "KERASCOPE_LAUNCHED_BY";

    /**
     * Defaults for the child's environment; a value the user set wins. oneDNN: about 25% faster training on x86.
     * Softmax stays float32 under mixed_bfloat16, as in Keras's policy: oneDNN's lists put it on the infer list and its
     * bfloat16 kernel returned 0.23 instead of 0.999 for confident rows; grappler reads these lists from the
     * environment.
     */
    static final Map<String, String> ENVIRONMENT_DEFAULTS = Map.of(
            "TF_ENABLE_ONEDNN_OPTS", "1",
            "TF_CPP_MIN_LOG_LEVEL", "1",
            "TF_AUTO_MIXED_PRECISION_GRAPH_REWRITE_INFERLIST_REMOVE", "Softmax",
            "TF_AUTO_MIXED_PRECISION_GRAPH_REWRITE_DENYLIST_ADD", "Softmax");

    private Launcher() {}

    /** Runs kerascope with {@code args}, in a child JVM unless this process is that child. */
    public static void main(String[] args) {
        String parent = System.getenv(LAUNCHED_BY);
        if (parent != null) {
            stopWhenGone(parent);
            KerascopeCommand.main(args);
            return;
        }
        Process child;
        try {
            child = childProcess(args).start();
        } catch (IOException | UnsupportedOperationException e) {
            KerascopeCommand.main(args); // no child JVM possible here: run as is, noisier but complete
            return;
        }
        Thread stopChild = new Thread(() -> stop(child));
        Runtime.getRuntime().addShutdownHook(stopChild);
        Thread copier = null;
        if (child.getErrorStream() != null && !debug()) {
            copier = new Thread(
                    () -> {
                        try {
                            NativeLogFilter.copyWithoutNativeLines(child.getErrorStream(), System.err);
                        } catch (IOException e) {
                            // the child closed its stderr: nothing left to copy
                        }
                    },
                    "kerascope-stderr");
            copier.start();
        }
        int exit = waitFor(child);
        try {
            if (copier != null) {
                copier.join();
            }
            Runtime.getRuntime().removeShutdownHook(stopChild);
        } catch (InterruptedException | IllegalStateException e) {
            // shutting down already: the exit code below still holds
        }
        System.exit(exit);
    }

    static ProcessBuilder childProcess(String[] args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String jvmArg : jvmArgs) {
            if (!jvmArg.startsWith("-agentlib:jdwp")) { // a debugger port can be bound once
                command.add(jvmArg);
            }
        }
        heapDefault(jvmArgs, System.getenv("JAVA_TOOL_OPTIONS"), System.getenv("JDK_JAVA_OPTIONS"), args)
                .ifPresent(command::add);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Launcher.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(debug() ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
        Map<String, String> environment = builder.environment();
        ENVIRONMENT_DEFAULTS.forEach(environment::putIfAbsent);
        environment.put(LAUNCHED_BY, Long.toString(ProcessHandle.current().pid()));
        return builder;
    }

    /**
     * {@code -Xmx1g} for {@code export} (and {@code bench export}, which measures it) when nothing sets the heap.
     * Export streams its batches and needs a few hundred MB of heap, but with the JVM's default (a quarter of the
     * machine's memory) G1 lets the heap grow with the allocation rate: 10,000 images peaked at 1.44 GB resident,
     * against 809 MB with a 1 GB heap at the same speed. Other commands keep the JVM's default (a user's model may need
     * more); an explicit heap option always wins.
     */
    static Optional<String> heapDefault(List<String> jvmArgs, String toolOptions, String jdkOptions, String[] args) {
        boolean export = args.length > 0 && args[0].equals("export")
                || args.length > 1 && args[0].equals("bench") && args[1].equals("export");
        String given = String.join(" ", jvmArgs) + " " + (toolOptions == null ? "" : toolOptions) + " "
                + (jdkOptions == null ? "" : jdkOptions);
        boolean heapSet = given.contains("-Xmx") || given.contains("MaxHeapSize") || given.contains("MaxRAM");
        return export && !heapSet ? Optional.of("-Xmx1g") : Optional.empty();
    }

    private static boolean debug() {
        String debug = System.getenv("KERASCOPE_DEBUG");
        return debug != null && !debug.isEmpty();
    }

    private static int waitFor(Process child) {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the child decides when the command is over
            }
        }
    }

    /** SIGTERM first, so the child's own shutdown work runs; forcibly after five seconds. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }

    /** In the child: halt when the launcher is gone, so that killing the command kills all of it. */
    private static void stopWhenGone(String parentPid) {
        long pid;
        try {
            pid = Long.parseLong(parentPid);
        } catch (NumberFormatException e) {
            return;
        }
        ProcessHandle parent = ProcessHandle.of(pid).orElse(null);
        if (parent == null) {
            Runtime.getRuntime().halt(143); // the launcher died before this JVM started
        }
        Thread watchdog = new Thread(
                () -> {
                    while (parent.isAlive()) {
                        try {
                            Thread.sleep(250);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    Runtime.getRuntime().halt(143);
                },
                "kerascope-launcher-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
