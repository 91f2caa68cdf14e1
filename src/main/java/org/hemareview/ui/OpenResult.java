package org.hemareview.ui;

import java.util.List;
import org.hemareview.review.Smear;

/** What an open task produced: the smear to show (may be null) and one message per failed file. */
record OpenResult(Smear shown, ImagePyramid pyramid, int registered, List<String> failures) {
}
