package dev.orderly.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * An identity provider for tests of {@code jwt} mode: an RSA key pair of its own, the public half as a PEM file for
 * the app's {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, and tokens it signs. A good token
 * names {@link #AUDIENCE} and {@link #ISSUER}; tests take a good one's claims and spoil one.
 */
public final class TestTokens {

    public static final String AUDIENCE = "orderly-api";
    public static final String ISSUER = "https://id.orderly.test";

    private final KeyPair keys;
    private Path publicKey;

    private TestTokens(KeyPair keys) {
        this.keys = keys;
    }

    /** A new issuer with a fresh 2048-bit RSA key. */
    public static TestTokens issuer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new TestTokens(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app's settings that make it trust this issuer: its key, the audience and the issuer. */
    public List<String> appSettings() {
        return List.of("spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKeyLocation(),
                "orderly.security.jwt.audience=" + AUDIENCE, "orderly.security.jwt.issuer=" + ISSUER);
    }

    /** A {@code file:} URI of the public key in PEM, written once to a temporary file. */
    public synchronized String publicKeyLocation() {
        if (publicKey == null) {
            try {
                publicKey = Files.createTempFile("orderly-jwt", ".pub");
                Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
                publicKey.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKey.toUri().toString();
    }

    /** A good token's claims for {@code subject}: audience, issuer, roles, issued now, expiring at {@code expiry}. */
    public static JWTClaimsSet.Builder claims(String subject, List<String> roles, Instant expiry) {
        return new JWTClaimsSet.Builder().subject(subject).audience(AUDIENCE).issuer(ISSUER).claim("roles", roles)
                .issueTime(new Date()).expirationTime(Date.from(expiry));
    }

    /** A good token for {@code subject}, valid for five minutes, as an {@code Authorization} header value. */
    public String bearer(String subject, String... roles) {
        return bearer(claims(subject, List.of(roles), Instant.now().plusSeconds(300)).build());
    }

    /** {@code claims} signed with this issuer's key (RS256), as an {@code Authorization} header value. */
    public String bearer(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            return "Bearer " + jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
