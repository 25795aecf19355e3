package dev.copycost.profile;

/** Which side of a connection a thread works on; the attribution keeps the two apart. */
public enum Role {
    SENDER("sender"), RECEIVER("receiver");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Role parse(String label) {
        for (Role r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label + "': use sender or receiver");
    }
}
