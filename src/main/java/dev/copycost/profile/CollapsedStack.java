package dev.copycost.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a collapsed profile written with per-thread roots: {@code [name tid=N];root;...;leaf
 * COUNT}. The thread frame is taken off the stack and kept as the thread's name and id.
 *
 * @param frames from the root to the leaf, annotated as the profiler wrote them
 */
public record CollapsedStack(String threadName, OptionalInt tid, List<String> frames, long samples) {
    private static final Pattern THREAD = Pattern.compile("^\\[(.*?) ?tid=(\\d+)]$");

    public CollapsedStack {
        frames = List.copyOf(frames);
    }

    /** Parses a profile's text; blank lines are skipped, a malformed line fails naming its number. */
    public static List<CollapsedStack> parseAll(String text) {
        List<CollapsedStack> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                out.add(parse(line, i + 1));
            }
        }
        return out;
    }

    static CollapsedStack parse(String line, int number) {
        int space = line.lastIndexOf(' ');
        long count;
        try {
            count = Long.parseLong(line.substring(space + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("collapsed stack line " + number + " does not end in a sample count: '"
                    + abbreviate(line) + "'", e);
        }
        List<String> frames = new ArrayList<>(Arrays.asList(line.substring(0, Math.max(0, space)).split(";")));
        String name = "";
        OptionalInt tid = OptionalInt.empty();
        if (!frames.isEmpty() && frames.get(0).startsWith("[") && frames.get(0).endsWith("]")) {
            Matcher m = THREAD.matcher(frames.remove(0));
            if (m.matches()) {
                name = m.group(1).strip();
                tid = OptionalInt.of(Integer.parseInt(m.group(2)));
            }
        }
        return new CollapsedStack(name, tid, frames, count);
    }

    /** True when any frame of the stack is kernel code. */
    public boolean hasKernelFrame() {
        return frames.stream().anyMatch(Frames::kernel);
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 60) + " … " + line.substring(line.length() - 40);
    }
}
