package dev.orderly.command;

/**
 * An amount in the currency's minor units (cents for EUR), so that no arithmetic on money is ever done in floating
 * point.
 *
 * @param minorUnits the amount in minor units
 * @param currency   the ISO 4217 code, three upper-case letters
 */
public record Money(long minorUnits, String currency) {

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(minorUnits + other.minorUnits, currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(minorUnits - other.minorUnits, currency);
    }

    public boolean exceeds(Money other) {
        requireSameCurrency(other);
        return minorUnits > other.minorUnits;
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(currency + " cannot be combined with " + other.currency);
        }
    }
}
