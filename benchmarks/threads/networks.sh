# The networks of per-network.sh and per-network-inference.sh, by name: `graph NAME` prints the path
# of its graph file, making it in $out first where it is a template (small-cnn, MobileNet v1 at
# 3x64x64). Sourced; expects $root, $here, $out and the layerloom command array to be set.
graph() {
  case "$1" in
    lenet5) echo "$root/benchmarks/training/lenet5-fashion.json" ;;
    mlp) echo "$root/docs/examples/fashion-mlp.json" ;;
    cifar-resnet) echo "$root/benchmarks/training/cifar-resnet.json" ;;
    resnet18-64) echo "$here/resnet18-64.json" ;;
    small-cnn)
      [ -f "$out/small-cnn.json" ] || "${layerloom[@]}" new -f small-cnn "$out/small-cnn.json" >/dev/null
      echo "$out/small-cnn.json" ;;
    mobilenet-v1-64)
      if [ ! -f "$out/mobilenet-v1-64.json" ]; then
        "${layerloom[@]}" new -f mobilenet-v1 "$out/mobilenet-v1-224.json" >/dev/null
        /usr/bin/python3 "$root/benchmarks/training/at64.py" "$out/mobilenet-v1-224.json" "$out/mobilenet-v1-64.json"
      fi
      echo "$out/mobilenet-v1-64.json" ;;
    *) echo "unknown network '$1'" >&2; exit 2 ;;
  esac
}
