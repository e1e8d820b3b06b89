package dev.orderly.operations;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the root of the checkout ({@code ops/}, {@code compose.yaml}, ...), whichever folder a test runs in. */
final class OpsFiles {

    private OpsFiles() {
    }

    /** The checkout's root: the nearest folder upwards with a {@code .mvn/}, as Maven finds the reactor's root. */
    static Path root() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("pom.xml")) && Files.isDirectory(folder.resolve(".mvn"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no checkout root (pom.xml beside .mvn/) above "
                + Path.of("").toAbsolutePath());
    }

    static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
