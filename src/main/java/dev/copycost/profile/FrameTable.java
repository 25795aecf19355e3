package dev.copycost.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table of frame names that decide a sample's {@link Category}, read from one resource file
 * ({@code cpu-categories.txt} beside this class). A sample is assigned by the nearest frame, from the
 * leaf towards the root, that the table names: a kernel that renames a leaf helper still classifies
 * right, because the caller that names the copy stays in the stack.
 *
 * <p>Frames are given as the profiler writes them in collapsed stacks with annotations: kernel frames
 * end in {@code _[k]}, Java frames in {@code _[j]}, {@code _[i]}, {@code _[0]} or {@code _[1]}
 * (compiled, inlined, interpreted, C1); native user frames carry no suffix.
 */
public final class FrameTable {
    public static final String RESOURCE = "cpu-categories.txt";

    /** One line of the table. */
    record Entry(Category category, boolean kernel, String pattern, int line) {
        boolean matches(String name) {
            boolean head = pattern.startsWith("*");
            boolean tail = pattern.endsWith("*") && pattern.length() > 1;
            String core = pattern.substring(head ? 1 : 0, pattern.length() - (tail ? 1 : 0));
            if (head && tail) {
                return name.contains(core);
            } else if (head) {
                return name.endsWith(core);
            } else if (tail) {
                return name.startsWith(core);
            }
            return name.equals(core);
        }

        boolean exact() {
            return !pattern.startsWith("*") && !pattern.endsWith("*");
        }
    }

    private final Map<String, Category> kernelExact = new HashMap<>();
    private final Map<String, Category> userExact = new HashMap<>();
    private final List<Entry> kernelPatterns = new ArrayList<>();
    private final List<Entry> userPatterns = new ArrayList<>();
    /** Classification of one frame, memoised: stacks repeat the same few hundred names. */
    private final Map<String, Optional<Category>> memo = new java.util.concurrent.ConcurrentHashMap<>();

    FrameTable(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.exact()) {
                Map<String, Category> map = e.kernel() ? kernelExact : userExact;
                Category before = map.putIfAbsent(e.pattern(), e.category());
                if (before != null && before != e.category()) {
                    throw new IllegalArgumentException("line " + e.line() + ": " + e.pattern() + " is named "
                            + before.label() + " earlier and " + e.category().label() + " here");
                }
            } else {
                (e.kernel() ? kernelPatterns : userPatterns).add(e);
            }
        }
        // the longest pattern is the most specific one
        Comparator<Entry> specific = Comparator.comparingInt((Entry e) -> -e.pattern().length());
        kernelPatterns.sort(specific);
        userPatterns.sort(specific);
    }

    /** The table shipped with copycost. */
    public static FrameTable load() {
        try (InputStream in = FrameTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the frame table " + RESOURCE + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the frame table " + RESOURCE, e);
        }
    }

    /** Parses the table's text: {@code category space name} per line, {@code #} starts a comment. */
    static FrameTable parse(String text) {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(text))) {
            String raw;
            int line = 0;
            while ((raw = reader.readLine()) != null) {
                line++;
                String content = raw.strip();
                if (content.isEmpty() || content.startsWith("#")) {
                    continue;
                }
                String[] parts = content.split("\\s+");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("frame table line " + line + " '" + content
                            + "' has " + parts.length + " columns: use 'category space name'");
                }
                boolean kernel = switch (parts[1]) {
                    case "kernel" -> true;
                    case "user" -> false;
                    default -> throw new IllegalArgumentException("frame table line " + line + ": space '" + parts[1]
                            + "' is not allowed: use kernel or user");
                };
                Category category;
                try {
                    category = Category.parse(parts[0]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("frame table line " + line + ": " + e.getMessage(), e);
                }
                entries.add(new Entry(category, kernel, parts[2], line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FrameTable(entries);
    }

    /**
     * The category of a sample whose frames are given from the root to the leaf (the order of a
     * collapsed line): the nearest named frame from the leaf, or {@link Category#OTHER}.
     */
    public Category classify(List<String> rootToLeaf) {
        for (int i = rootToLeaf.size() - 1; i >= 0; i--) {
            Optional<Category> c = frame(rootToLeaf.get(i));
            if (c.isPresent()) {
                return c.get();
            }
        }
        return Category.OTHER;
    }

    /** The category the table gives one frame as the profiler writes it, if it names it. */
    public Optional<Category> frame(String annotated) {
        return memo.computeIfAbsent(annotated, this::lookup);
    }

    private Optional<Category> lookup(String annotated) {
        boolean kernel = annotated.endsWith("_[k]");
        String name = Frames.bare(annotated);
        Category exact = (kernel ? kernelExact : userExact).get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Entry e : kernel ? kernelPatterns : userPatterns) {
            if (e.matches(name)) {
                return Optional.of(e.category());
            }
        }
        return Optional.empty();
    }
}
