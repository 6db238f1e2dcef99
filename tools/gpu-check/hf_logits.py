"""gpu-check (c): loads a bertfit checkpoint with transformers' BertForSequenceClassification.from_pretrained
and compares its fp32 logits with bertfit's on the same token ids (the JSON checkpoint-logits.ts wrote).
Rows are padded with the checkpoint's pad id and masked. Prints one JSON line; exits 0 with "skipped"
when torch/transformers are absent, 1 when the logits differ by more than --tolerance.

Usage: python3 hf_logits.py --logits bertfit-logits.json [--device cuda] [--tolerance 1e-4]
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--logits", required=True)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    a = ap.parse_args()
    with open(a.logits) as f:
        ours = json.load(f)
    try:
        import torch
        from transformers import BertForSequenceClassification
    except ImportError as e:
        print(json.dumps({"check": "hf_logits", "ok": None, "skipped": f"{e}"}))
        return 0
    dev = torch.device(a.device if a.device == "cpu" or torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = False
    model = BertForSequenceClassification.from_pretrained(ours["checkpoint"]).float().to(dev).eval()
    ids = ours["input_ids"]
    width = max(len(r) for r in ids)
    pad = model.config.pad_token_id or 0
    x = torch.tensor([r + [pad] * (width - len(r)) for r in ids], device=dev)
    m = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in ids], device=dev)
    with torch.no_grad():
        theirs = model(input_ids=x, attention_mask=m, token_type_ids=torch.zeros_like(x)).logits.float().cpu()
    diff = (theirs - torch.tensor(ours["logits"])).abs().max().item()
    ok = diff <= a.tolerance
    print(json.dumps({"check": "hf_logits", "ok": ok, "device": str(dev), "rows": len(ids), "max_abs_diff": diff,
                      "tolerance": a.tolerance, "same_argmax": bool((theirs.argmax(1) == torch.tensor(ours["logits"]).argmax(1)).all())}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
