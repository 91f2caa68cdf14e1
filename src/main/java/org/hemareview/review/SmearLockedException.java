package org.hemareview.review;

/** An edit was attempted on a signed smear; unsign it first (an audited action). */
public final class SmearLockedException extends WorkspaceException {
    public SmearLockedException(long smearId, String signedBy) {
        super("This smear was signed" + (signedBy == null ? "" : " by " + signedBy)
                + " and is locked against edits. Unsign it first (the unsign is recorded in the audit log).", null);
    }
}
