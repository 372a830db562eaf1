package io.layerloom.app.designer.viewmodel;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A chart series that stays small however long training runs. Points are offered one by one and
 * shown in batches ({@link #publish}: one list change per batch, so one chart layout). When the
 * series passes {@code cap} points every second point is dropped and from then on only every
 * second offered point is kept: the spacing stays even and hours of training cost at most
 * {@code cap} points.
 */
public final class DecimatedSeries {

    private final int cap;
    private final ObservableList<ChartPoint> points = FXCollections.observableArrayList();
    /**
     * One read-only view, kept: an unmodifiable wrapper listens to its list weakly, so a wrapper
     * made per call would be collected with the listeners added to it.
     */
    private final ObservableList<ChartPoint> readOnly = FXCollections.unmodifiableObservableList(points);
    private final List<ChartPoint> pending = new ArrayList<>();
    private long offered;
    private long stride = 1;

    public DecimatedSeries(int cap) {
        if (cap < 4) {
            throw new IllegalArgumentException("cap must be at least 4: " + cap);
        }
        this.cap = cap;
    }

    /** Takes a point if it falls on the current stride; it shows at the next {@link #publish}. */
    public void offer(double x, double y) {
        if (offered++ % stride == 0) {
            pending.add(new ChartPoint(x, y));
        }
    }

    /** Shows the points offered since the last call, as one change of {@link #points}. */
    public void publish() {
        if (pending.isEmpty()) {
            return;
        }
        if (points.size() + pending.size() <= cap) {
            points.addAll(pending);
            pending.clear();
            return;
        }
        List<ChartPoint> all = new ArrayList<>(points);
        all.addAll(pending);
        pending.clear();
        while (all.size() > cap) {
            List<ChartPoint> kept = new ArrayList<>(all.size() / 2 + 1);
            for (int i = 0; i < all.size(); i += 2) {
                kept.add(all.get(i));
            }
            all = kept;
            stride *= 2;
        }
        points.setAll(all);
    }

    public void clear() {
        pending.clear();
        offered = 0;
        stride = 1;
        points.clear();
    }

    /** The points shown; changes only on {@link #publish} and {@link #clear}. */
    public ObservableList<ChartPoint> points() {
        return readOnly;
    }

    /** Offered points per kept point: 1 until the cap was first reached. */
    public long stride() {
        return stride;
    }
}
