"""Reference for kerascope's tests: the Keras tutorial CNN (tutorial 002), trained, exported in every
SavedModel flavour, with its summary and every conv/pool activation for fixed inputs dumped as .npy.

Usage (needs TensorFlow 2.16+ with Keras 3; tf_keras for the Keras 2 flavour):

    python tutorial_model.py OUT_DIR [--epochs 2]

Writes to OUT_DIR:
    summary.txt                     model.summary() as Keras prints it
    input.npy                       the first 8 MNIST test images, x/255, float32 (8, 28, 28, 1)
    activations/<layer>.npy         every Conv2D and MaxPooling2D output for input.npy, float32, C order
    index.json                      {"layers": {"conv1": "activations/conv1.npy", ...}, "flavours": [...]}
    keras3_export/                  model.export(...)                   (Keras 3, no Keras metadata)
    tf_saved_model/                 tf.saved_model.save(model, ...)
    keras2_save/                    tf_keras model.save(...) when tf_keras is installed (Keras 2 metadata)

Then: KERASCOPE_REFERENCE_DUMP=OUT_DIR mvn -B test -Dtest=PythonReferenceTest
"""
import argparse
import json
import pathlib

import numpy as np
import tensorflow as tf
import keras
from keras import layers

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--epochs", type=int, default=2)
args = parser.parse_args()
out = pathlib.Path(args.out)
(out / "activations").mkdir(parents=True, exist_ok=True)

keras.utils.set_random_seed(1)
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = (x_train.astype("float32") / 255.0)[..., None]
x_test = (x_test.astype("float32") / 255.0)[..., None]


def build():
    inputs = layers.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, (3, 3), activation="relu", name="conv1")(inputs)
    x = layers.Conv2D(32, (3, 3), activation="relu", name="conv2")(x)
    x = layers.MaxPooling2D((2, 2), name="pool1")(x)
    x = layers.Conv2D(64, (3, 3), activation="relu", name="conv3")(x)
    x = layers.Conv2D(64, (3, 3), activation="relu", name="conv4")(x)
    x = layers.MaxPooling2D((2, 2), name="pool2")(x)
    x = layers.Conv2D(128, (3, 3), activation="relu", name="conv5")(x)
    x = layers.MaxPooling2D((2, 2), name="pool3")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(128, activation="relu")(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


model = build()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
lines = []
model.summary(print_fn=lambda line, **kw: lines.append(line))
(out / "summary.txt").write_text("\n".join(lines) + "\n")
model.fit(x_train, y_train, epochs=args.epochs, validation_data=(x_test, y_test))

inputs = x_test[:8]
np.save(out / "input.npy", inputs)
names = ["conv1", "conv2", "pool1", "conv3", "conv4", "pool2", "conv5", "pool3"]
probe = keras.Model(model.inputs, [model.get_layer(n).output for n in names])
index = {"layers": {}, "flavours": []}
for name, value in zip(names, probe.predict(inputs)):
    np.save(out / "activations" / f"{name}.npy", value.astype("float32"))
    index["layers"][name] = f"activations/{name}.npy"

model.export(str(out / "keras3_export"))
index["flavours"].append("keras3_export")
tf.saved_model.save(model, str(out / "tf_saved_model"))
index["flavours"].append("tf_saved_model")
try:
    import tf_keras  # Keras 2: the same layers and weights, saved with keras_metadata.pb
    k2_model = tf_keras.Sequential([tf_keras.layers.InputLayer(input_shape=(28, 28, 1))] + [
        tf_keras.layers.Conv2D(32, 3, activation="relu", name="conv1"),
        tf_keras.layers.Conv2D(32, 3, activation="relu", name="conv2"),
        tf_keras.layers.MaxPooling2D(2, name="pool1"),
        tf_keras.layers.Conv2D(64, 3, activation="relu", name="conv3"),
        tf_keras.layers.Conv2D(64, 3, activation="relu", name="conv4"),
        tf_keras.layers.MaxPooling2D(2, name="pool2"),
        tf_keras.layers.Conv2D(128, 3, activation="relu", name="conv5"),
        tf_keras.layers.MaxPooling2D(2, name="pool3"),
        tf_keras.layers.Flatten(name="flatten"),
        tf_keras.layers.Dense(128, activation="relu", name="dense"),
        tf_keras.layers.Dense(10, activation="softmax", name="dense_1")])
    k2_model.set_weights(model.get_weights())
    k2_model.save(str(out / "keras2_save"))
    index["flavours"].append("keras2_save")
except ImportError:
    print("tf_keras is not installed: no Keras 2 flavour")

(out / "index.json").write_text(json.dumps(index, indent=2) + "\n")
print("wrote", out)
