"""Load a SavedModel exported by `kerascope train` in Python and check its predictions.

Usage (needs TensorFlow 2.x for Python, which kerascope's own machines do not have):

    python load_kerascope_savedmodel.py output/runs/keras-mnist-.../saved_model

kerascope exports a TF1-style SavedModel (tag "serve", signature "serving_default",
input "input_layer" float32 (N, 28, 28, 1), output named after the last layer).
`tf.saved_model.load` reads it through its TF1 compatibility path. The script feeds
the first 1,000 MNIST test images, preprocessed as `assets.extra/kerascope.json` says,
and prints the accuracy, which should match the run's last val_accuracy closely.
"""
import json
import pathlib
import sys

import numpy as np
import tensorflow as tf

export = pathlib.Path(sys.argv[1])
meta = json.loads((export / "assets.extra" / "kerascope.json").read_text())
pre = meta["preprocessing"]

model = tf.saved_model.load(str(export), tags=["serve"])
serve = model.signatures["serving_default"]
print("inputs:", serve.structured_input_signature)
print("outputs:", serve.structured_outputs)

(_, _), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x = (x_test[:1000].astype("float32") * pre["scale"] - pre["mean"]) / pre["std"]
x = x[..., np.newaxis]
(out_name,) = serve.structured_outputs.keys()
probs = serve(input_layer=tf.constant(x))[out_name].numpy()
print("probabilities sum to 1:", np.allclose(probs.sum(axis=1), 1.0, atol=1e-5))
print("accuracy on 1,000 test images:", float((probs.argmax(axis=1) == y_test[:1000]).mean()))
