package dev.orderly.saga.effect;

/** The unique key of a side effect: what it concerns (an order, a payment, a notice), what kind, which step. */
public record EffectKey(String subject, String kind, String step) {

    /** The key as one text: in log lines, and as the instance id of its effect job. */
    public String format() {
        return subject + "|" + kind + "|" + step;
    }

    /** A stable Message-ID for the e-mail of this effect, so that a re-sent mail is recognisably the same. */
    public String messageId(String domain) {
        return "<" + kind + "." + subject + "." + step.replaceAll("[^A-Za-z0-9.-]", "_") + "@" + domain + ">";
    }
}
