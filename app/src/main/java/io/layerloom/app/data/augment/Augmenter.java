package io.layerloom.app.data.augment;

import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentStep;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies a list of augmentation steps to images. Every image draws from its own generator,
 * made from the seed, the epoch, the batch and its place in the batch, so the result does not
 * depend on which thread runs it or in what order.
 */
public final class Augmenter {

    private final List<AugmentStep> steps;
    private final int c;
    private final int h;
    private final int w;

    /** {@code imageShape}: [channels, height, width]. */
    public Augmenter(List<AugmentStep> steps, List<Long> imageShape) {
        if (imageShape.size() != 3) {
            throw new IllegalArgumentException("augmentation works on images [channels, height, width], but the data gives "
                    + "examples shaped " + imageShape + ". Remove training.augmentation, or train on image data.");
        }
        this.steps = List.copyOf(steps);
        this.c = Math.toIntExact(imageShape.get(0));
        this.h = Math.toIntExact(imageShape.get(1));
        this.w = Math.toIntExact(imageShape.get(2));
    }

    public int imageSize() {
        return c * h * w;
    }

    /** The generator of image {@code index} of batch {@code batch} in {@code epoch}. */
    public static SplittableRandom random(long seed, long epoch, long batch, long index) {
        return new SplittableRandom(mix(seed ^ mix(epoch ^ mix(batch ^ mix(index + 0x632BE59BD9B4E019L)))));
    }

    /** Augments the {@code count} images of {@code batch} (one after the other) in place. */
    public void applyToBatch(float[] batch, int count, long seed, long epoch, long batchIndex) {
        int size = imageSize();
        float[] img = new float[size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(batch, i * size, img, 0, size);
            float[] out = apply(img, random(seed, epoch, batchIndex, i));
            System.arraycopy(out, 0, batch, i * size, size);
        }
    }

    /** One image through every step, drawing from {@code random}. */
    public float[] apply(float[] image, SplittableRandom random) {
        float[] img = image;
        for (AugmentStep s : steps) {
            img = step(s, img, random);
        }
        return img;
    }

    private float[] step(AugmentStep s, float[] img, SplittableRandom r) {
        double p = s.probability();
        if (s.op() == AugmentOp.FLIP) {
            // the two mirrors are drawn independently, each with probability p
            if (s.flag("horizontal") && r.nextDouble() < p) {
                img = ImageOps.flipHorizontal(img, c, h, w);
            }
            if (s.flag("vertical") && r.nextDouble() < p) {
                img = ImageOps.flipVertical(img, c, h, w);
            }
            return img;
        }
        if (!(r.nextDouble() < p)) {
            return img;
        }
        return switch (s.op()) {
            case FLIP -> img;
            case CROP -> {
                int pad = s.whole("padding");
                yield ImageOps.shift(img, c, h, w, r.nextInt(-pad, pad + 1), r.nextInt(-pad, pad + 1));
            }
            case ROTATE -> ImageOps.rotate(img, c, h, w, symmetric(r, s.value("degrees")));
            case TRANSLATE -> {
                double f = s.value("fraction");
                yield ImageOps.translate(img, c, h, w, symmetric(r, f * h), symmetric(r, f * w));
            }
            case SCALE -> ImageOps.scale(img, c, h, w, between(r, s.value("min"), s.value("max")));
            case SHEAR -> ImageOps.shear(img, c, h, w, symmetric(r, s.value("degrees")));
            case BRIGHTNESS -> ImageOps.brightness(img, symmetric(r, s.value("delta")));
            case CONTRAST -> ImageOps.contrast(img, between(r, s.value("min"), s.value("max")));
            case NOISE -> {
                double[] z = new double[img.length];
                for (int i = 0; i < z.length; i++) {
                    z[i] = r.nextGaussian();
                }
                yield ImageOps.addNoise(img, z, s.value("sigma"));
            }
            case CUTOUT -> {
                int size = s.whole("size");
                for (int k = 0; k < s.whole("count"); k++) {
                    // centred at a uniformly drawn pixel, so squares reach over the border as often as a centre is near it
                    int cy = r.nextInt(h);
                    int cx = r.nextInt(w);
                    img = ImageOps.cutout(img, c, h, w, cy - size / 2, cx - size / 2, size);
                }
                yield img;
            }
        };
    }

    private static double symmetric(SplittableRandom r, double limit) {
        return (2 * r.nextDouble() - 1) * limit;
    }

    private static double between(SplittableRandom r, double min, double max) {
        return min == max ? min : min + r.nextDouble() * (max - min);
    }

    /** Stafford's mix13 (as SplittableRandom's), so nearby seeds give unrelated generators. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
