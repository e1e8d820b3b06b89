package dev.orderly.gateway.card;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.gateway.problem.ApiProblem;
import org.springframework.http.HttpStatus;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Finds card numbers in what callers send, so that none is stored or logged: Orderly takes the payment provider's
 * token, never a card number, and refuses a request that holds one in any field. A card number here is what people
 * write as one: 13 to 19 digits, single spaces or dashes allowed between them (any script's: a number copied from a
 * formatted page often has no-break spaces), passing the Luhn check, and not glued to letters (so ids, hashes and
 * UUIDs, whose digit runs touch letters or continue past a dash, are not taken for one).
 */
public final class CardNumbers {

    public static final String NOT_ACCEPTED = "card-number-not-accepted";

    private static final int SHORTEST = 13;
    private static final int LONGEST = 19;
    /** A double beyond this has more integer digits than any card number. */
    private static final double LARGER_THAN_ANY = 1e20;

    private CardNumbers() {
    }

    /** Whether the text holds a card number anywhere. */
    public static boolean foundIn(CharSequence text) {
        int length = text.length();
        int[] digits = new int[LONGEST + 1];
        int i = 0;
        while (i < length) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int count = 0;
            int end = i;
            // The whole run of digits joined by single separators: a longer number is no card number.
            while (true) {
                if (count < digits.length) {
                    digits[count] = Character.digit(text.charAt(end), 10);
                }
                count++;
                if (end + 1 < length && isDigit(text.charAt(end + 1))) {
                    end++;
                } else if (end + 2 < length && isSeparator(text.charAt(end + 1)) && isDigit(text.charAt(end + 2))) {
                    end += 2;
                } else {
                    break;
                }
            }
            if (count >= SHORTEST && count <= LONGEST && luhnValid(digits, count)
                    && !gluedBefore(text, start) && !gluedAfter(text, end)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /**
     * Where in a JSON document a card number is, as a JSON pointer ({@code /shipTo/street}), if anywhere: in a
     * string, a number, or a member's name (then the pointer names the object, so that it does not repeat the number).
     */
    public static Optional<String> locate(JsonNode node) {
        return find(node, "");
    }

    /** The refusal of a request with a card number at {@code where}, which names the place and never the number. */
    public static ApiProblem refusal(String where) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, NOT_ACCEPTED, "the request holds a card number in "
                + (where.isEmpty() ? "its body" : where) + "; Orderly takes the payment provider's token "
                + "(paymentToken), never a card number, and stored nothing").with("field", where);
    }

    private static Optional<String> find(JsonNode node, String pointer) {
        if (node.isTextual()) {
            return foundIn(node.textValue()) ? Optional.of(pointer) : Optional.empty();
        }
        if (node.isNumber()) {
            return foundIn(digitsOf(node)) ? Optional.of(pointer) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = find(node.get(i), pointer + "/" + i);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (foundIn(field.getKey())) {
                    return Optional.of(pointer);
                }
                Optional<String> found = find(field.getValue(), pointer + "/" + escape(field.getKey()));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** A number as it was probably written; one too large or not finite has no card number's digits. */
    private static String digitsOf(JsonNode number) {
        if (number.isIntegralNumber()) {
            return number.bigIntegerValue().toString();
        }
        if (number.isBigDecimal()) {
            BigDecimal value = number.decimalValue();
            return value.precision() - value.scale() > LONGEST + 1 ? "" : value.toPlainString();
        }
        double value = number.doubleValue();
        return Double.isFinite(value) && Math.abs(value) < LARGER_THAN_ANY ? BigDecimal.valueOf(value).toPlainString()
                : "";
    }

    /** RFC 6901: {@code ~} and {@code /} in a member's name. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static boolean luhnValid(int[] digits, int count) {
        int sum = 0;
        for (int fromRight = 0; fromRight < count; fromRight++) {
            int digit = digits[count - 1 - fromRight];
            sum += fromRight % 2 == 0 ? digit : digit * 2 % 10 + digit * 2 / 10;
        }
        return sum % 10 == 0;
    }

    /** A letter or digit right before the run, or a dash between it and one: the run is part of a longer word. */
    private static boolean gluedBefore(CharSequence text, int start) {
        return start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1))
                || start > 1 && isDash(text.charAt(start - 1)) && Character.isLetterOrDigit(text.charAt(start - 2)));
    }

    private static boolean gluedAfter(CharSequence text, int end) {
        int length = text.length();
        return end + 1 < length && (Character.isLetterOrDigit(text.charAt(end + 1)) || end + 2 < length
                && isDash(text.charAt(end + 1)) && Character.isLetterOrDigit(text.charAt(end + 2)));
    }

    /** Any script's decimal digit: a card number in full-width digits is still one. */
    private static boolean isDigit(char c) {
        return Character.isDigit(c);
    }

    private static boolean isSeparator(char c) {
        return Character.isSpaceChar(c) || c == '\t' || isDash(c);
    }

    /** A hyphen or dash of any script ({@code -}, {@code ‐}, {@code –}, ...). */
    private static boolean isDash(char c) {
        return Character.getType(c) == Character.DASH_PUNCTUATION;
    }
}
