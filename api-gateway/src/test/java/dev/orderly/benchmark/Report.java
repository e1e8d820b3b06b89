package dev.orderly.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's result: a Markdown table for people and the README, and the same figures as JSON. */
final class Report {

    /**
     * One measured figure. {@code baselineBefore}/{@code baselineAfter} are the baseline it is divided by, measured
     * right before and right after the scenarios; the ratio uses their mean. A figure divided by another figure of
     * the same run (S6, S7) has that one as {@code baselineBefore} and no {@code baselineAfter}. {@code met} is null
     * without a goal.
     */
    record Figure(String scenario, String name, double value, String unit, String baseline, Double baselineBefore,
                  Double baselineAfter, Double ratio, String goal, Boolean met) {
    }

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> machine;
    private final Map<String, Object> settings;
    private final List<String> notes = new ArrayList<>();

    Report(Map<String, Object> machine, Map<String, Object> settings) {
        this.machine = machine;
        this.settings = settings;
    }

    void add(String scenario, String name, double value, String unit) {
        figures.add(new Figure(scenario, name, value, unit, null, null, null, null, null, null));
    }

    void add(String scenario, String name, double value, String unit, String baseline, double before,
             double after) {
        add(scenario, name, value, unit, baseline, before, after, null, null);
    }

    /** A figure with a goal on its ratio to the baseline. */
    void add(String scenario, String name, double value, String unit, String baseline, double before, double after,
             String goal, Double minimumRatio) {
        double ratio = value / ((before + after) / 2);
        Boolean met = minimumRatio == null ? null : ratio >= minimumRatio;
        figures.add(new Figure(scenario, name, value, unit, baseline, before, after, ratio, goal, met));
    }

    /**
     * A figure divided by another figure of the same run, {@code reference} (what a decision costs fresh, say), with
     * a goal that the ratio stays at most {@code maximumRatio} (none if null).
     */
    void addRelative(String scenario, String name, double value, String unit, String reference,
                     double referenceValue, String goal, Double maximumRatio) {
        double ratio = value / referenceValue;
        Boolean met = maximumRatio == null ? null : ratio <= maximumRatio;
        figures.add(new Figure(scenario, name, value, unit, reference, referenceValue, null, ratio, goal, met));
    }

    /** A figure with an absolute goal. */
    void addWithGoal(String scenario, String name, double value, String unit, String goal, boolean met) {
        figures.add(new Figure(scenario, name, value, unit, null, null, null, null, goal, met));
    }

    void note(String note) {
        notes.add(note);
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | figure | value | baseline (before / after) | ratio | goal | met |\n");
        out.append("|---|---|---:|---|---:|---|---|\n");
        for (Figure figure : figures) {
            out.append("| ").append(figure.scenario())
                    .append(" | ").append(figure.name())
                    .append(" | ").append(number(figure.value())).append(' ').append(figure.unit())
                    .append(" | ").append(baseline(figure))
                    .append(" | ").append(figure.ratio() == null ? "" : figure.ratio().isNaN() ? "n/a"
                            : String.format(Locale.ROOT, "%.3f×", figure.ratio()))
                    .append(" | ").append(figure.goal() == null ? "" : figure.goal())
                    .append(" | ").append(figure.met() == null ? "" : figure.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String baseline(Figure figure) {
        if (figure.baseline() == null) {
            return "";
        }
        return figure.baseline() + " " + number(figure.baselineBefore())
                + (figure.baselineAfter() == null ? "" : " / " + number(figure.baselineAfter()));
    }

    String machineLine() {
        return machine.entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue())
                .reduce((a, b) -> a + "; " + b).orElse("");
    }

    List<String> notes() {
        return notes;
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("settings", settings);
        json.put("figures", figures);
        json.put("notes", notes);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve("benchmark.json").toFile(), json);
        Files.writeString(directory.resolve("benchmark.md"), table() + "\n" + machineLine() + "\n\n"
                + String.join("\n", notes.stream().map(note -> "- " + note).toList()) + "\n");
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
