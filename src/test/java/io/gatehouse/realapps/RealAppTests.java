package io.gatehouse.realapps;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A real application whose Debian package is missing fails its tests, naming the package; it is never skipped. */
class RealAppTests {

    @Test
    void requireWhenFileMissingThenFailsNamingThePackageCiMustInstall() {
        assertThatThrownBy(() -> RealApp.require(Path.of("/usr/share/no-such-app/index.php"), "no-such-app"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("'no-such-app' must be installed")
                .hasMessageContaining("APT_PACKAGES in .ci/run");
    }
}
