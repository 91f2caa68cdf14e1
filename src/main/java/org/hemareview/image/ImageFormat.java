package org.hemareview.image;

import java.util.Optional;

/** The smear file formats HemaReview reads, recognised by their first bytes, never by the file name. */
public enum ImageFormat {
    PNG, JPEG, TIFF, BMP;

    /** Recognises the format from the file's leading bytes (magic numbers). */
    public static Optional<ImageFormat> sniff(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 'I', 'I', 42, 0) || startsWith(head, 'M', 'M', 0, 42)) {
            return Optional.of(TIFF);
        }
        if (startsWith(head, 'B', 'M') && head.length >= 26) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    /**
     * Whether the file ends the way a complete file of this format ends. A truncated JPEG
     * otherwise decodes "successfully" into a half-grey picture, which a reviewer must never see.
     */
    boolean looksComplete(byte[] data) {
        switch (this) {
            case JPEG: {
                // EOI marker, allowing for trailing padding some writers add
                int end = data.length;
                while (end > 2 && (data[end - 1] == 0 || data[end - 1] == '\n' || data[end - 1] == '\r')) {
                    end--;
                }
                return end >= 4 && (data[end - 2] & 0xFF) == 0xFF && (data[end - 1] & 0xFF) == 0xD9;
            }
            case PNG: {
                byte[] iend = {'I', 'E', 'N', 'D'};
                int from = Math.max(0, data.length - 64);
                for (int i = data.length - 8; i >= from; i--) {
                    if (i >= 0 && data[i] == iend[0] && data[i + 1] == iend[1] && data[i + 2] == iend[2] && data[i + 3] == iend[3]) {
                        return true;
                    }
                }
                return false;
            }
            default:
                return true; // TIFF and BMP carry offsets/sizes the decoder checks itself
        }
    }

    private static boolean startsWith(byte[] data, int... magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xFF) != (magic[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}
