package dev.orderly.operations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default starts on the machines users clone onto: zonky looks for
 * {@code postgres-<os>-<arch>.txz} on the classpath, and the app's runtime classpath carries one for Linux, an Intel
 * Mac, Apple silicon and Windows.
 */
class EmbeddedPostgresPlatformsTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgres-linux-x86_64.txz", "postgres-darwin-x86_64.txz", "postgres-darwin-arm_64.txz",
            "postgres-windows-x86_64.txz"})
    void the_postgresql_binaries_of_each_platform_are_on_the_classpath(String archive) {
        assertThat(getClass().getClassLoader().getResource(archive)).as(archive).isNotNull();
    }

    /** 14 MB nobody uses: the app runs on glibc systems, and in an Alpine image on a PostgreSQL of its own. */
    @Test
    void alpines_musl_build_is_left_out() {
        assertThat(getClass().getClassLoader().getResource("postgres-linux-x86_64-alpine_linux.txz")).isNull();
    }
}
