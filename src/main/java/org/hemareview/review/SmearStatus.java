package org.hemareview.review;

/** Where a smear is in its review: unreviewed, in progress, or signed (locked). */
public enum SmearStatus {
    UNREVIEWED, IN_PROGRESS, SIGNED;

    public String label() {
        return switch (this) {
            case UNREVIEWED -> "unreviewed";
            case IN_PROGRESS -> "in progress";
            case SIGNED -> "signed";
        };
    }
}
