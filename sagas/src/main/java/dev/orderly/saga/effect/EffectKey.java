package dev.orderly.saga.effect;

/** The unique key of a side effect: what it concerns (an order, a payment, a notice), what kind, which step. */
public record EffectKey(String subject, String kind, String step) {

    public String format() {
        return subject + "|" + kind + "|" + step;
    }

    public static EffectKey parse(String text) {
        String[] parts = text.split("\\|", 3);
        return new EffectKey(parts[0], parts[1], parts[2]);
    }

    /** A stable Message-ID for the e-mail of this effect, so that a re-sent mail is recognisably the same. */
    public String messageId(String domain) {
        return "<" + kind + "." + subject + "." + step.replaceAll("[^A-Za-z0-9.-]", "_") + "@" + domain + ">";
    }
}
