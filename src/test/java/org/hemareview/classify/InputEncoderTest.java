package org.hemareview.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.hemareview.image.OpenCv;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

class InputEncoderTest {
    @Test
    void hsvMatchesOpenCvFullRangeHsvScaledToOne() {
        OpenCv.load();
        int s = 16;
        byte[] bgr = new byte[s * s * 3];
        new Random(3).nextBytes(bgr);
        Mat m = new Mat(s, s, CvType.CV_8UC3);
        m.put(0, 0, bgr);
        Mat hsv = new Mat();
        Imgproc.cvtColor(m, hsv, Imgproc.COLOR_BGR2HSV_FULL); // H 0-255 for 0-360 degrees
        byte[] ref = new byte[s * s * 3];
        hsv.get(0, 0, ref);
        float[] out = new float[3 * s * s];
        new InputEncoder(s, InputEncoder.ColourSpace.HSV).encode(bgr, out, 0);
        for (int i = 0; i < s * s; i++) {
            for (int c = 0; c < 3; c++) {
                double expected = (ref[i * 3 + c] & 0xFF) / 255.0;
                double got = out[c * s * s + i];
                double diff = Math.abs(expected - got);
                if (c == 0) {
                    diff = Math.min(diff, 1 - diff); // hue wraps around
                }
                assertEquals(0, diff, 1.5 / 255, "pixel " + i + " channel " + c);
            }
        }
        m.release();
        hsv.release();
    }
}
