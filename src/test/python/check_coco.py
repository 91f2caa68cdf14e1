#!/usr/bin/env python3
"""Loads a HemaReview COCO export with the reference reader (pycocotools) and rasterises every
annotation's polygon; prints one JSON line: images, annotations, categories, masks checked."""
import json, os, sys
from pycocotools.coco import COCO

path = sys.argv[1]
coco = COCO(path)
root = os.path.dirname(path)
masks = 0
for img in coco.loadImgs(coco.getImgIds()):
    assert os.path.isfile(os.path.join(root, img["file_name"])), "image missing: " + img["file_name"]
    for ann in coco.loadAnns(coco.getAnnIds(imgIds=[img["id"]])):
        m = coco.annToMask(ann)
        assert m.shape == (img["height"], img["width"]), m.shape
        assert m.sum() > 0, "empty mask for annotation %d" % ann["id"]
        masks += 1
print(json.dumps({"images": len(coco.getImgIds()), "annotations": len(coco.getAnnIds()),
                  "categories": sorted(c["name"] for c in coco.loadCats(coco.getCatIds())), "masks": masks}))
