package dev.orderly.benchmark;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A Java Flight Recorder profile of the benchmark's JVM, which runs the app, its embedded clients and the load
 * generators ({@code -Dbenchmark.jfr=path}), with JDK 17's {@code profile} settings: a sample of every thread's stack
 * every 10-20 ms and of allocations. {@link #summary} answers what the README's notes quote from it; as a
 * single-file program it summarises any recording without a build:
 * {@code java api-gateway/src/test/java/dev/orderly/benchmark/JfrProfile.java before.jfr [lines]}.
 */
final class JfrProfile implements AutoCloseable {

    private final Recording recording;
    private final Path destination;

    private JfrProfile(Recording recording, Path destination) {
        this.recording = recording;
        this.destination = destination;
    }

    /** Starts recording into {@code destination}; the file is written when the profile is closed. */
    static JfrProfile start(Path destination) throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName("orderly-benchmark");
        recording.setToDisk(true);
        Path absolute = destination.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        recording.setDestination(absolute);
        recording.start();
        return new JfrProfile(recording, absolute);
    }

    Path destination() {
        return destination;
    }

    @Override
    public void close() {
        recording.stop(); // writes the destination
        recording.close();
    }

    /**
     * The hottest methods of a recording: CPU samples by the method on top of the stack (where the time is spent)
     * and by the nearest Orderly or Axon method below it (whose call it is spent in: the frames above it are the
     * JDK's and the libraries'), and sampled allocation weight the same two ways. The app's starts (S4 starts two
     * apps of its own) are left out: they are not what the scenarios measure.
     */
    static String summary(Path recording, int lines) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> under = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        Map<String, Long> allocatedUnder = new HashMap<>();
        long samples = 0;
        long allocationWeight = 0;
        Predicate<String> ours = method -> method.startsWith("dev.orderly.") || method.startsWith("org.axonframework.");
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty() || startingUp(stack)) {
                    continue;
                }
                String type = event.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")) {
                    samples++;
                    self.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
                    under.merge(nearest(stack, ours), 1L, Long::sum);
                } else if (type.equals("jdk.ObjectAllocationSample")) {
                    long weight = event.getLong("weight");
                    allocationWeight += weight;
                    allocated.merge(name(stack.getFrames().get(0)) + " (" + event.getClass("objectClass").getName()
                            + ")", weight, Long::sum);
                    allocatedUnder.merge(nearest(stack, ours), weight, Long::sum);
                }
            }
        }
        return "CPU samples: " + samples + "\n"
                + "hot methods (top of the stack):\n" + top(self, samples, lines)
                + "nearest Orderly/Axon method:\n" + top(under, samples, lines)
                + "allocation sites (sampled weight, " + allocationWeight / (1024 * 1024) + " MiB):\n"
                + top(allocated, allocationWeight, lines)
                + "allocations by nearest Orderly/Axon method:\n" + top(allocatedUnder, allocationWeight, lines);
    }

    private static String top(Map<String, Long> counts, long total, int lines) {
        List<Map.Entry<String, Long>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(lines).toList();
        return sorted.stream().map(entry -> String.format("  %5.1f%%  %s%n", 100.0 * entry.getValue() / total,
                entry.getKey())).collect(Collectors.joining());
    }

    private static boolean startingUp(RecordedStackTrace stack) {
        // By name: as a single-file program this class sees the JDK only.
        return stack.getFrames().stream().anyMatch(frame -> name(frame).equals("dev.orderly.support.RunningApp.start"));
    }

    /** The first Orderly or Axon frame from the top, lambdas skipped; "(none)" for a thread outside both. */
    private static String nearest(RecordedStackTrace stack, Predicate<String> ours) {
        for (RecordedFrame frame : stack.getFrames()) {
            String method = name(frame);
            if (ours.test(method) && !method.contains("$$Lambda") && !method.contains(".lambda$")) {
                return method;
            }
        }
        return "(none)";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    public static void main(String[] args) throws IOException {
        System.out.print(summary(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 15));
    }
}
