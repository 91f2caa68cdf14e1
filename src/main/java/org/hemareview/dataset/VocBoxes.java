package org.hemareview.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads Pascal VOC annotation files (as in BCCD): the boxes of one object class, as [x, y, w, h]. */
public final class VocBoxes {
    private VocBoxes() {
    }

    public static List<int[]> read(Path xml, String objectName) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // no external entities
            Document doc = f.newDocumentBuilder().parse(xml.toFile());
            NodeList objects = doc.getElementsByTagName("object");
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < objects.getLength(); i++) {
                Element o = (Element) objects.item(i);
                if (!objectName.equalsIgnoreCase(text(o, "name"))) {
                    continue;
                }
                Element b = (Element) o.getElementsByTagName("bndbox").item(0);
                int x0 = (int) Math.round(Double.parseDouble(text(b, "xmin")));
                int y0 = (int) Math.round(Double.parseDouble(text(b, "ymin")));
                int x1 = (int) Math.round(Double.parseDouble(text(b, "xmax")));
                int y1 = (int) Math.round(Double.parseDouble(text(b, "ymax")));
                out.add(new int[] {x0, y0, x1 - x0, y1 - y0});
            }
            return out;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(xml.getFileName() + ": not a readable Pascal VOC file (" + e.getMessage() + ")", e);
        }
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
    }
}
