"""PyTorch PPO on a bridge env, in CleanRL's single-file layout, as the reference of ``bench learn``.

The hyper-parameters and sizes are those of the package's built-in PPO (agents/ppo/config.ts and
agents/t2drl/training/training-config.ts): separate 2x128 tanh MLPs for actor and critic, 20 envs x 100 steps =
2,000 steps per rollout, 10 epochs of minibatches of 128, Adam (lr 3e-4, eps 1e-5), gamma 0.95, GAE lambda
0.95, clip 0.2, value coefficient 0.25, no entropy bonus, gradient-norm clip 0.5, normalized advantages,
running observation standardization clipped at 10. The EdgeLLM action ``Dict(cache: MultiBinary(P),
local: Box(0, 1, (P,)))`` gets Bernoulli cache bits and a logistic-squashed diagonal Gaussian for the local
fractions (mean and log-std from the actor, margin 0.05), as the built-in head. Differences: no value-target
normalization, and the sub-envs autoreset in the same step (classic CleanRL semantics).

The envs run on a bridge server; every rollout step is one batched round trip for all sub-envs::

    npx edgellm-gym serve --port 8765 &
    python bridge/python/benchmarks/ppo_torch.py --url ws://127.0.0.1:8765 --iterations 3

Prints one JSON line: ``envStepsPerSecond`` (2,000 / (median rollout + median update seconds) over the
measured iterations, after one warm-up iteration, as ``bench agents``) and the parts it is made of.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from edgellm_bridge import RemoteVectorEnv  # noqa: E402

SQUASH_MARGIN = 0.05
LOG_STD_MIN, LOG_STD_MAX = -5.0, 2.0


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", default=os.environ.get("EDGELLM_BRIDGE_URL", "ws://127.0.0.1:8765"))
    p.add_argument("--token", default=os.environ.get("EDGELLM_GYM_TOKEN"))
    p.add_argument("--env-id", default="EdgeLLM-v0")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--iterations", type=int, default=3, help="measured iterations (after one warm-up)")
    p.add_argument("--num-envs", type=int, default=20)
    p.add_argument("--num-steps", type=int, default=100, help="steps per env per rollout")
    p.add_argument("--update-epochs", type=int, default=10)
    p.add_argument("--minibatch-size", type=int, default=128)
    p.add_argument("--hidden", type=int, nargs="+", default=[128, 128])
    p.add_argument("--learning-rate", type=float, default=3e-4)
    p.add_argument("--gamma", type=float, default=0.95)
    p.add_argument("--gae-lambda", type=float, default=0.95)
    p.add_argument("--clip-coef", type=float, default=0.2)
    p.add_argument("--vf-coef", type=float, default=0.25)
    p.add_argument("--ent-coef", type=float, default=0.0)
    p.add_argument("--max-grad-norm", type=float, default=0.5)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    return p.parse_args(argv)


def layer_init(layer, std=np.sqrt(2), bias_const=0.0):
    nn.init.orthogonal_(layer.weight, std)
    nn.init.constant_(layer.bias, bias_const)
    return layer


def mlp(inp, hidden, out, out_std):
    layers, last = [], inp
    for h in hidden:
        layers += [layer_init(nn.Linear(last, h)), nn.Tanh()]
        last = h
    layers.append(layer_init(nn.Linear(last, out), std=out_std))
    return nn.Sequential(*layers)


class Agent(nn.Module):
    """Separate actor and critic MLPs; the actor outputs P cache logits, P means and P log-stds."""

    def __init__(self, obs_dim, pairs, hidden):
        super().__init__()
        self.pairs = pairs
        self.critic = mlp(obs_dim, hidden, 1, 1.0)
        self.actor = mlp(obs_dim, hidden, 3 * pairs, 0.01)

    def get_value(self, x):
        return self.critic(x).squeeze(-1)

    def get_action_and_value(self, x, action=None):
        out = self.actor(x)
        p = self.pairs
        logits, mean, log_std = out[:, :p], out[:, p : 2 * p], out[:, 2 * p :].clamp(LOG_STD_MIN, LOG_STD_MAX)
        bern = torch.distributions.Bernoulli(logits=logits)
        gauss = torch.distributions.Normal(mean, log_std.exp())
        if action is None:
            action = torch.cat([bern.sample(), gauss.sample()], dim=1)
        bits, u = action[:, :p], action[:, p:]
        logprob = bern.log_prob(bits).sum(1) + gauss.log_prob(u).sum(1)
        entropy = bern.entropy().sum(1) + gauss.entropy().sum(1)
        return action, logprob, entropy, self.get_value(x)


class RunningMeanStd:
    """Running mean and variance (parallel algorithm), for observation standardization."""

    def __init__(self, shape):
        self.mean = np.zeros(shape, np.float64)
        self.var = np.ones(shape, np.float64)
        self.count = 1e-4

    def update(self, x):
        bm, bv, bc = x.mean(0), x.var(0), x.shape[0]
        delta, tot = bm - self.mean, self.count + bc
        self.mean = self.mean + delta * bc / tot
        self.var = (self.var * self.count + bv * bc + delta**2 * self.count * bc / tot) / tot
        self.count = tot

    def normalize(self, x, clip=10.0):
        return np.clip((x - self.mean) / np.sqrt(self.var + 1e-8), -clip, clip).astype(np.float32)


def to_env_action(action, pairs):
    a = action.numpy()
    cache = a[:, :pairs].astype(np.int8)
    local = np.clip((1 + 2 * SQUASH_MARGIN) / (1 + np.exp(-a[:, pairs:])) - SQUASH_MARGIN, 0.0, 1.0).astype(np.float32)
    return {"cache": cache, "local": local}


def main(argv=None):
    args = parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    envs = RemoteVectorEnv(args.url, args.env_id, num_envs=args.num_envs, token=args.token, autoreset_mode="same-step", infos=False)
    obs_dim = int(np.prod(envs.single_observation_space.shape))
    pairs = int(envs.single_action_space["cache"].n)
    agent = Agent(obs_dim, pairs, args.hidden)
    optimizer = torch.optim.Adam(agent.parameters(), lr=args.learning_rate, eps=1e-5)
    obs_rms = RunningMeanStd((obs_dim,))
    n, T = args.num_envs, args.num_steps
    batch_size = n * T

    obs_buf = torch.zeros((T, n, obs_dim))
    actions = torch.zeros((T, n, 2 * pairs))
    logprobs = torch.zeros((T, n))
    rewards = torch.zeros((T, n))
    dones = torch.zeros((T, n))
    values = torch.zeros((T, n))

    raw, _ = envs.reset(seed=args.seed)
    raw = np.asarray(raw, dtype=np.float64).reshape(n, obs_dim)
    obs_rms.update(raw)
    next_obs = torch.from_numpy(obs_rms.normalize(raw))
    next_done = torch.zeros(n)
    rollout_s, update_s, update_cpu_s, gradient_steps = [], [], [], 0

    for iteration in range(args.iterations + 1):
        t0 = time.perf_counter()
        for step in range(T):
            obs_buf[step] = next_obs
            dones[step] = next_done
            with torch.no_grad():
                action, logprob, _, value = agent.get_action_and_value(next_obs)
            values[step] = value
            actions[step] = action
            logprobs[step] = logprob
            raw, reward, term, trunc, _ = envs.step(to_env_action(action, pairs))
            raw = np.asarray(raw, dtype=np.float64).reshape(n, obs_dim)
            obs_rms.update(raw)
            next_obs = torch.from_numpy(obs_rms.normalize(raw))
            next_done = torch.from_numpy(np.logical_or(term, trunc).astype(np.float32))
            rewards[step] = torch.from_numpy(np.asarray(reward, dtype=np.float32))
        t1 = time.perf_counter()
        c1 = time.process_time()

        with torch.no_grad():
            next_value = agent.get_value(next_obs)
            advantages = torch.zeros_like(rewards)
            lastgaelam = 0
            for t in reversed(range(T)):
                nonterminal = 1.0 - (next_done if t == T - 1 else dones[t + 1])
                nextvalues = next_value if t == T - 1 else values[t + 1]
                delta = rewards[t] + args.gamma * nextvalues * nonterminal - values[t]
                advantages[t] = lastgaelam = delta + args.gamma * args.gae_lambda * nonterminal * lastgaelam
            returns = advantages + values

        b_obs = obs_buf.reshape(batch_size, obs_dim)
        b_actions = actions.reshape(batch_size, 2 * pairs)
        b_logprobs, b_adv, b_returns = logprobs.reshape(-1), advantages.reshape(-1), returns.reshape(-1)
        b_inds = np.arange(batch_size)
        for _epoch in range(args.update_epochs):
            np.random.shuffle(b_inds)
            for start in range(0, batch_size, args.minibatch_size):
                mb = b_inds[start : start + args.minibatch_size]
                _, newlogprob, entropy, newvalue = agent.get_action_and_value(b_obs[mb], b_actions[mb])
                ratio = (newlogprob - b_logprobs[mb]).exp()
                mb_adv = b_adv[mb]
                mb_adv = (mb_adv - mb_adv.mean()) / (mb_adv.std() + 1e-8)
                pg_loss = torch.max(-mb_adv * ratio, -mb_adv * ratio.clamp(1 - args.clip_coef, 1 + args.clip_coef)).mean()
                v_loss = ((newvalue - b_returns[mb]) ** 2).mean()
                loss = pg_loss - args.ent_coef * entropy.mean() + args.vf_coef * v_loss
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(agent.parameters(), args.max_grad_norm)
                optimizer.step()
                gradient_steps += iteration > 0
        t2 = time.perf_counter()
        c2 = time.process_time()
        if iteration > 0:  # iteration 0 warms up
            rollout_s.append(t1 - t0)
            update_s.append(t2 - t1)
            update_cpu_s.append(c2 - c1)
    envs.close()
    rollout, update = statistics.median(rollout_s), statistics.median(update_s)
    print(json.dumps({
        "envStepsPerSecond": batch_size / (rollout + update),
        "rolloutSecondsPerIteration": rollout,
        "updateSecondsPerIteration": update,
        # CPU seconds of this process during the update (one torch thread: less sensitive to other load)
        "updateCpuSecondsPerIteration": statistics.median(update_cpu_s),
        "stepsPerIteration": batch_size,
        "iterations": args.iterations,
        "gradientStepsPerUpdate": gradient_steps // max(1, args.iterations),
        "torch": torch.__version__,
        "torchThreads": torch.get_num_threads(),
        "env": args.env_id,
    }))


if __name__ == "__main__":
    main()
