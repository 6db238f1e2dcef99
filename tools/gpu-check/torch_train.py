"""PyTorch side of gpu-check (b): the same BERT (sizes from a bertfit checkpoint's config.json, random
init), the same batch and steps, AdamW (lr 2e-5, weight decay 0.01), on the same card; fp16 runs under
torch.autocast with a GradScaler, as HF Trainer's fp16=True does. Steps 2..N are timed (step 1 warms up,
as on the bertfit side). Prints one JSON line; exits 0 with "skipped" when torch/transformers are absent.

Usage: python3 torch_train.py --config CKPT/config.json --device cuda --precision fp16 --steps 50 --batch 64 --seq 128
"""
import argparse
import json
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--precision", choices=["fp32", "fp16"], default="fp16")
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seq", type=int, default=128)
    a = ap.parse_args()
    try:
        import torch
        from transformers import BertConfig, BertForSequenceClassification
    except ImportError as e:
        print(json.dumps({"check": "torch_train", "ok": None, "skipped": f"{e}"}))
        return
    if a.device.startswith("cuda") and not torch.cuda.is_available():
        print(json.dumps({"check": "torch_train", "ok": None, "skipped": "torch.cuda.is_available() is False"}))
        return
    with open(a.config) as f:
        cfg = BertConfig(**{k: v for k, v in json.load(f).items() if k not in ("architectures", "transformers_version")})
    torch.manual_seed(0)
    dev = torch.device(a.device)
    model = BertForSequenceClassification(cfg).to(dev).train()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=0.01)
    fp16 = a.precision == "fp16"
    scaler = torch.amp.GradScaler(dev.type, enabled=fp16)
    ids = torch.randint(1, cfg.vocab_size, (a.batch, a.seq), device=dev)
    mask = torch.ones_like(ids)
    labels = torch.randint(0, cfg.num_labels, (a.batch,), device=dev)

    def step():
        opt.zero_grad(set_to_none=True)
        with torch.autocast(dev.type, dtype=torch.float16, enabled=fp16):
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        scaler.scale(loss).backward()
        scaler.unscale_(opt)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(opt)
        scaler.update()
        return loss

    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    step()
    sync()
    t0 = time.perf_counter()
    for _ in range(a.steps - 1):
        loss = step()
    sync()
    s = time.perf_counter() - t0
    print(json.dumps({"check": "torch_train", "ok": True, "device": a.device, "precision": a.precision, "torch": torch.__version__,
                      "gpu": torch.cuda.get_device_name(dev) if dev.type == "cuda" else None, "batch": a.batch, "seq": a.seq,
                      "steps": a.steps, "samples_per_s": round((a.steps - 1) * a.batch / s, 2), "last_loss": float(loss)}))


if __name__ == "__main__":
    main()
