package dev.copycost.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageLayoutTest {
    private static final String ALLOWED = "sizes must be multiples of 8 from 64 to 67108864 bytes";

    @Test
    void fieldsAreAnEighthOfTheMessage() {
        assertThat(new MessageLayout(4096).fieldSize()).isEqualTo(512);
        assertThat(new MessageLayout(64).fieldSize()).isEqualTo(8);
        assertThat(new MessageLayout(72).fieldSize()).isEqualTo(9);
        assertThat(new MessageLayout(MessageLayout.MAX_SIZE).fieldSize()).isEqualTo(8 * 1024 * 1024);
    }

    @Test
    void rejectsSizeNotAMultipleOfEightWithTheExactText() {
        assertThatThrownBy(() -> new MessageLayout(100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("message size 100 is not a multiple of 8: sizes must be multiples of 8 from 64 to"
                        + " 67108864 bytes (8 fields of size/8 bytes)");
    }

    @ParameterizedTest
    @ValueSource(ints = {56, 0, -8, -100, 8, Integer.MIN_VALUE})
    void rejectsSizesBelowTheMinimum(int size) {
        assertThatThrownBy(() -> new MessageLayout(size)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message size " + size + " ").hasMessageContaining("minimum of 64")
                .hasMessageContaining(ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(ints = {MessageLayout.MAX_SIZE + 8, Integer.MAX_VALUE})
    void rejectsSizesAboveTheMaximum(int size) {
        assertThatThrownBy(() -> new MessageLayout(size)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message size " + size + " ").hasMessageContaining("maximum of 67108864");
    }

    @ParameterizedTest
    @CsvSource({"4096,4096", "4k,4096", "4K,4096", "4KiB,4096", "4kib,4096", "64k,65536", " 64 KiB ,65536",
            "64,64", "1m,1048576", "64MiB,67108864", "72,72"})
    void parsesBytesAndBinarySuffixes(String text, int bytes) {
        assertThat(MessageLayout.parse(text)).isEqualTo(new MessageLayout(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "4kb", "4 k b", "-64", "0x40", "1.5k", "4g", "k", "99999999999999999999"})
    void rejectsGarbageTextNamingIt(String text) {
        assertThatThrownBy(() -> MessageLayout.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'").hasMessageContaining(ALLOWED);
    }

    @Test
    void parsedSizesOutsideTheRangeNameValueAndText() {
        assertThatThrownBy(() -> MessageLayout.parse("100")).hasMessageContaining("message size 100 is not a multiple")
                .hasMessageContaining("'100'");
        assertThatThrownBy(() -> MessageLayout.parse("0")).hasMessageContaining("message size 0 is below");
        assertThatThrownBy(() -> MessageLayout.parse("65m")).hasMessageContaining("message size 68157440 is above")
                .hasMessageContaining("'65m'");
        assertThatThrownBy(() -> MessageLayout.parse("8000000000k")).hasMessageContaining("8192000000000 is above");
        assertThatThrownBy(() -> MessageLayout.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
    }
}
