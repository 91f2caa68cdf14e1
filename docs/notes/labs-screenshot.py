"""docs/screenshots/labs.png: one field of each lab with the found outlines (green; orange: cut by the border) and boxes.

    java -Dai.djl.offline=true -jar target/hemareview.jar segment --scale auto --json /tmp/labs.json \
        ../shared/data/raabin-fields/images/1830fbc3-079a-5762-8fcf-b6810a1b409a.jpg \
        ../shared/data/deepbionet-fields/images/dbn_1008.jpg ../shared/data/bccd/images/BloodImage_00000.jpg \
        sample-data/composed/composed-001.jpg
    /usr/bin/python3 docs/notes/labs-screenshot.py /tmp/labs.json docs/screenshots/labs.png
"""
import json, sys
import cv2
import numpy as np
segs=json.load(open(sys.argv[1])); names=['Raabin','DeepBioNet','BCCD','composed']
tiles=[]
for s,name in zip(segs,names):
    im=cv2.imread(s['image'])
    lw=max(2,int(round(im.shape[1]/300)))
    for c in s['cells']:
        col=(0,140,255) if c['edge'] else (0,200,0)
        p=np.array(c['polygon'],np.int32); cv2.polylines(im,[p],True,col,lw)
        b=c['box']; cv2.rectangle(im,(b[0],b[1]),(b[0]+b[2],b[1]+b[3]),(200,120,0),max(1,lw//2))
    h=360; w=int(round(im.shape[1]*h/im.shape[0])); im=cv2.resize(im,(w,h),interpolation=cv2.INTER_AREA)
    src={'estimated':'est','beside-image':'beside image','given':'given'}.get(s.get('scale_source',''),s.get('scale_source',''))
    head=np.full((26,w,3),255,np.uint8)
    cv2.putText(head,f"{name}: {len(s['cells'])} cells, {s['scale_um_per_px']:.3f} um/px ({src})",(4,18),cv2.FONT_HERSHEY_SIMPLEX,0.5,(0,0,0),1,cv2.LINE_AA)
    tiles.append(cv2.vconcat([head,im]))
def row(a,b):
    return cv2.hconcat([a,b])
r1=row(tiles[0],tiles[1]); r2=row(tiles[2],tiles[3])
W=max(r1.shape[1],r2.shape[1])
pad=lambda r: cv2.copyMakeBorder(r,0,0,0,W-r.shape[1],cv2.BORDER_CONSTANT,value=(255,255,255))
cv2.imwrite(sys.argv[2],cv2.vconcat([pad(r1),pad(r2)]))
