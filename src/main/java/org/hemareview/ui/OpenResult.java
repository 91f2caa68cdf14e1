package org.hemareview.ui;

import java.util.List;
import org.hemareview.review.Smear;

/** What an open task produced: the smear to show (may be null) with its pixels, and one message per failed file. */
record OpenResult(Smear shown, ImagePyramid pyramid, org.hemareview.image.SmearImage image, int registered, List<String> failures) {
}
