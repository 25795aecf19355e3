package dev.copycost.message;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of one message: {@link #FIELDS} fields of equal size, each sent from its own native
 * allocation, so a message of {@code messageSize} bytes is eight fields of {@code messageSize / 8}.
 *
 * <p>Every field starts with an 8-byte {@link FieldStamp}, which is why a field is at least 8 bytes
 * and a message at least {@link #MIN_SIZE}. {@link #MAX_SIZE} keeps a receiver's precomputed expected
 * payload for a small ring inside one Java buffer.
 *
 * @param messageSize bytes per message, a multiple of 8 from {@link #MIN_SIZE} to {@link #MAX_SIZE}
 */
public record MessageLayout(int messageSize) {
    public static final int FIELDS = 8;
    public static final int MIN_SIZE = 64;
    public static final int MAX_SIZE = 64 * 1024 * 1024;

    private static final String ALLOWED = "sizes must be multiples of " + FIELDS + " from " + MIN_SIZE + " to "
            + MAX_SIZE + " bytes (" + FIELDS + " fields of size/" + FIELDS + " bytes)";
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(|k|kib|m|mib)");

    public MessageLayout {
        String problem = problemWith(messageSize);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Bytes per field: {@code messageSize / 8}, at least 8 (the stamp). */
    public int fieldSize() {
        return messageSize / FIELDS;
    }

    /**
     * Parses a size as given on a command line: plain bytes ({@code "4096"}) or binary kilo/mebibytes
     * ({@code "4k"}, {@code "4K"}, {@code "4KiB"}, {@code "1m"}, {@code "1MiB"}).
     *
     * @throws IllegalArgumentException naming the text if it is not a size or not an allowed one
     */
    public static MessageLayout parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("message size is missing: " + ALLOWED + ", e.g. 4096, 4k or 64KiB");
        }
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("message size '" + text + "' is not a number of bytes with an optional"
                    + " k/KiB or m/MiB suffix: " + ALLOWED + ", e.g. 4096, 4k or 64KiB");
        }
        long number = Long.parseLong(matcher.group(1));
        long bytes = switch (matcher.group(2)) {
            case "k", "kib" -> number * 1024;
            case "m", "mib" -> number * 1024 * 1024;
            default -> number;
        };
        // Checked here, in long, so that sizes beyond int range are reported as themselves, not wrapped.
        String problem = problemWith(bytes);
        if (problem != null) {
            throw new IllegalArgumentException(problem + " (parsed from '" + text + "')");
        }
        return new MessageLayout((int) bytes);
    }

    private static String problemWith(long size) {
        if (size < MIN_SIZE) {
            return "message size " + size + " is below the minimum of " + MIN_SIZE + ": " + ALLOWED;
        }
        if (size > MAX_SIZE) {
            return "message size " + size + " is above the maximum of " + MAX_SIZE + ": " + ALLOWED;
        }
        if (size % FIELDS != 0) {
            return "message size " + size + " is not a multiple of " + FIELDS + ": " + ALLOWED;
        }
        return null;
    }
}
