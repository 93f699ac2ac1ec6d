// Regenerates datasets/images/*.png from scikit-image's sample data (see LICENSE.md):
//   apt-get download python3-skimage && dpkg -x python3-skimage_*.deb /tmp/skimage
//   node datasets/images/prepare.js /tmp/skimage/usr/lib/python3/dist-packages/skimage/data
// The two largest pictures are halved (2x2 box average) to keep the package small.
const fs = require("fs");
const path = require("path");
const { PNG } = require("pngjs");

const PICTURES = { chelsea: 1, camera: 1, astronaut: 2, coffee: 2 }; // name -> downscale factor

function downscale(png, f) {
  if (f === 1) return png;
  const out = new PNG({ width: Math.floor(png.width / f), height: Math.floor(png.height / f) });
  for (let i = 0; i < out.height; i++) {
    for (let j = 0; j < out.width; j++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let di = 0; di < f; di++) for (let dj = 0; dj < f; dj++) sum += png.data[((i * f + di) * png.width + (j * f + dj)) * 4 + c];
        out.data[(i * out.width + j) * 4 + c] = Math.round(sum / (f * f));
      }
    }
  }
  return out;
}

const source = process.argv[2];
if (!source) throw new Error("usage: node datasets/images/prepare.js <skimage/data folder>");
for (const [name, factor] of Object.entries(PICTURES)) {
  const png = downscale(PNG.sync.read(fs.readFileSync(path.join(source, `${name}.png`))), factor);
  const gray = name === "camera";
  const bytes = PNG.sync.write(png, { colorType: gray ? 0 : 2, inputHasAlpha: true, deflateLevel: 9 });
  fs.writeFileSync(path.join(__dirname, `${name}.png`), bytes);
  console.log(`${name}.png ${png.width}x${png.height} ${bytes.length} bytes`);
}
