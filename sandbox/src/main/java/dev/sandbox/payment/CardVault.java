package dev.sandbox.payment;

import dev.sandbox.http.BadRequestException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider's card vault: {@code POST /v1/tokens} trades a card number for a random token, and a payment names
 * the token, so the merchant never holds the number. A token remembers its card, so a magic card behaves the same
 * through any of its tokens. Tokens live as long as the sandbox: like a real provider's saved cards they outlast a
 * reset, which forgets what was done with them, not the cards.
 */
final class CardVault {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, String> cards = new ConcurrentHashMap<>();

    /**
     * A new token for the card. Spaces and dashes in the number are ignored; anything but 12 to 19 digits is
     * refused with {@code incorrect_number}, without echoing it. There is no Luhn check: two magic cards fail it.
     */
    String tokenise(String cardNumber) {
        String digits = cardNumber.replace(" ", "").replace("-", "");
        if (!digits.matches("[0-9]{12,19}")) {
            throw new BadRequestException("incorrect_number", "card must be a number of 12 to 19 digits");
        }
        // 96 random bits as 24 hex digits: none can be guessed, and none is read as a card number, even all digits.
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String token = "tok_" + HEX.formatHex(random);
        cards.put(token, digits);
        return token;
    }

    /** The card number behind a token, if this provider issued it. */
    Optional<String> card(String token) {
        return Optional.ofNullable(cards.get(token));
    }
}
