package dev.copycost.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image the container topology starts its receive agent in, named as
 * {@code perf-scripts/prepare-docker.sh} builds it: the {@code IMAGE_NAME} of {@code agent-image.conf}
 * and, as tag, the first 12 hex digits of that file's SHA-256. Both sides hash the same bytes, so a
 * change to the image's inputs names a new image, and an image built from old inputs is never started.
 */
public final class AgentImage {
    static final String RESOURCE = "agent-image.conf";
    private static final Pattern NAME = Pattern.compile("(?m)^IMAGE_NAME=([a-z0-9][a-z0-9._-]*)$");
    private static final int TAG_HEX_DIGITS = 12;

    private AgentImage() {
    }

    /** {@code NAME:TAG}, e.g. {@code copycost-agent:8d0ac07a878b}. */
    public static String reference() {
        byte[] conf = read();
        Matcher m = NAME.matcher(new String(conf, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalStateException(RESOURCE + " has no line IMAGE_NAME=name (lower case, digits, . _ -)");
        }
        return m.group(1) + ":" + tagOf(conf);
    }

    static String tagOf(byte[] conf) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(conf);
            return HexFormat.of().formatHex(digest).substring(0, TAG_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static byte[] read() {
        try (InputStream in = AgentImage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path next to " + AgentImage.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }
}
