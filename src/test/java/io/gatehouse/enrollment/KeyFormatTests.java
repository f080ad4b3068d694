package io.gatehouse.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyFormatTests {

    @Test
    void groupedWhenKeyThenGroupsOfFour() {
        assertThat(KeyFormat.grouped("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
                .isEqualTo("ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567");
    }

    @Test
    void groupedWhenLengthNotAMultipleOfFourThenShortLastGroup() {
        assertThat(KeyFormat.grouped("ABCDEFGHIJ")).isEqualTo("ABCD EFGH IJ");
    }

    @Test
    void groupedWhenPaddingOrShortThenPaddingDroppedAndNoTrailingSpace() {
        assertThat(KeyFormat.grouped("ABCDEFGH====")).isEqualTo("ABCD EFGH");
        assertThat(KeyFormat.grouped("ABC")).isEqualTo("ABC");
        assertThat(KeyFormat.grouped("")).isEmpty();
    }
}
