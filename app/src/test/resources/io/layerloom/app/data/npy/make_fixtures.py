# Writes the .npy fixtures of NpyTest with NumPy itself (run once: python3 make_fixtures.py; CI has no
# Python, so the files are committed). Values are simple so that the test can state them literally.
import numpy as np

a = (np.arange(6, dtype='<f4').reshape(2, 3) * 0.5 - 1).astype('<f4')  # [[-1, -0.5, 0], [0.5, 1, 1.5]]
np.save('f4_2x3.npy', a)
np.save('f8_2x3.npy', a.astype('<f8'))
np.save('fortran_2x3.npy', np.asfortranarray(a))
np.save('big_endian_2x3.npy', a.astype('>f4'))
np.save('int32_2x3.npy', a.astype('<i4'))
np.save('scalar.npy', np.float32(1.0))
for version in [(2, 0), (3, 0)]:
    with open('f4_2x3_v%d.npy' % version[0], 'wb') as f:
        np.lib.format.write_array(f, a, version=version)
# a batch of two 1x4x4 "images" for predict's end-to-end test: values k / 32
np.save('images_2x1x4x4.npy', (np.arange(32, dtype='<f4') / 32).reshape(2, 1, 4, 4))
# empty arrays of several shapes: their headers alone, for the writer's byte-for-byte comparison
for name, shape in [('empty_0x3', (0, 3)), ('empty_12345x0', (12345, 0)), ('empty_0', (0,)), ('empty_0x1x28x28', (0, 1, 28, 28)),
                    ('empty_1234567890123x0x10', (1234567890123, 0, 10))]:
    np.save(name + '.npy', np.zeros(shape, dtype='<f4'))
