package main

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/webhook"
	"github.com/kopernik/kopernik/webhook/delivery"
)

// webhookOpts are the serve flags of webhook delivery.
type webhookOpts struct {
	allowHosts    []string
	refusePrivate bool
	key           keyOpts
	timeout       time.Duration
	workers       int64
	format        string
	poll          time.Duration
	lease         time.Duration
	unsigned      bool
}

// keyOpts name the signing key; serve and webhook-key share them.
type keyOpts struct {
	file string
	id   string
}

func (k *keyOpts) flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "webhook-key", Destination: &k.file, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_KEY"),
			Usage:       "PEM file of the RSA private key (at least 2048 bits) that signs webhook deliveries",
			DefaultText: "a key generated on first use and kept in the store"},
		&cli.StringFlag{Name: "webhook-key-id", Value: webhook.DefaultKeyID, Destination: &k.id, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_KEY_ID"),
			Usage: "DNS name where the key's public half is published (the keyId of every Signature)",
			Validator: func(s string) error {
				if !webhook.ValidKeyID(s) {
					return errors.New("must be a DNS name such as kopernik._domainkey.example.org")
				}
				return nil
			}},
	}
}

// load reads the configured key file, or the store's own key (generated
// and stored on first use, so every node of a shared store signs alike).
func (k *keyOpts) load(ctx context.Context, st *sqlstore.Store) (webhook.Key, error) {
	var priv *rsa.PrivateKey
	var err error
	if k.file != "" {
		priv, err = webhook.LoadKeyFile(k.file)
	} else {
		var pem []byte
		pem, err = st.WebhookKey(ctx, func() ([]byte, error) {
			p, err := webhook.GenerateKey()
			if err != nil {
				return nil, err
			}
			return webhook.EncodePrivateKey(p), nil
		})
		if err == nil {
			priv, err = webhook.ParsePrivateKey(pem)
		}
	}
	if err != nil {
		return webhook.Key{}, fmt.Errorf("webhook signing key: %w", err)
	}
	return webhook.Key{ID: k.id, Private: priv}, nil
}

func (o *webhookOpts) flags() []cli.Flag {
	return append(o.key.flags(),
		&cli.StringSliceFlag{Name: "webhook-allow-host", Destination: &o.allowHosts, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_ALLOW_HOSTS"),
			Usage:       "allow webhook handlers on this host only (repeatable, or comma-separated; *.example.org admits subdomains); list 127.0.0.1 for a receiver on this machine",
			DefaultText: "every public host"},
		&cli.BoolFlag{Name: "webhook-refuse-private", Destination: &o.refusePrivate, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_REFUSE_PRIVATE"),
			Usage:       "also refuse loopback and private addresses when --webhook-allow-host is given (a listed name that resolves to one)",
			DefaultText: "on without --webhook-allow-host, else off"},
		&cli.DurationFlag{Name: "webhook-timeout", Value: 30 * time.Second, Destination: &o.timeout, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_TIMEOUT"),
			Usage: "longest delivery attempt, connecting included", Validator: positiveDuration},
		&cli.DurationFlag{Name: "webhook-lease", Destination: &o.lease, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_LEASE"),
			Usage:       "PostgreSQL: how long a node's hold on a webhook lasts without renewal; a dead node's webhooks move to another node (or the restarted one) after this; more than --webhook-timeout",
			DefaultText: "--webhook-timeout + 10s", Validator: positiveDuration},
		&cli.Int64Flag{Name: "webhook-workers", Value: 8, Destination: &o.workers, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_WORKERS"),
			Usage: "webhooks delivered at once by this process (each one request at a time, in event order)",
			Validator: func(n int64) error {
				if n < 1 || n > 1024 {
					return errors.New("must be from 1 to 1024")
				}
				return nil
			}},
		&cli.StringFlag{Name: "webhook-format", Value: string(webhook.FormatForm), Destination: &o.format, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_FORMAT"),
			Usage: "body of deliveries: form (as Copernica documents) or json",
			Validator: func(s string) error {
				_, err := webhook.ParseFormat(s)
				return err
			}},
		&cli.DurationFlag{Name: "webhook-poll", Value: time.Second, Destination: &o.poll, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_POLL"),
			Usage: "how often queues are looked at besides the wake-up after each write: due retries, events of other nodes",
			Validator: func(d time.Duration) error {
				if d < 10*time.Millisecond {
					return errors.New("must be at least 10ms")
				}
				return nil
			}},
		&cli.BoolFlag{Name: "webhook-unsigned", Destination: &o.unsigned, Sources: cli.EnvVars("KOPERNIK_WEBHOOK_UNSIGNED"),
			Usage: "send deliveries without Signature headers (local tests only)", DefaultText: "off"},
	)
}

// rules are the handler rules the API validates webhooks with. Without an
// allow-list, loopback and private addresses are refused: a webhook must not
// become a way into the server's own network unless the operator names the
// hosts it may call.
// leaseOrDefault: a hold must outlast one attempt, with room for the
// store round trips that renew it.
func (o *webhookOpts) leaseOrDefault() time.Duration {
	if o.lease > 0 {
		return o.lease
	}
	return o.timeout + 10*time.Second
}

func (o *webhookOpts) rules() (webhook.Rules, error) {
	hosts, err := webhook.ParseHosts(strings.Join(o.allowHosts, ","))
	if err != nil {
		return webhook.Rules{}, err
	}
	return webhook.Rules{Hosts: hosts, RefusePrivate: o.refusePrivate || len(hosts) == 0}, nil
}

// engine builds the delivery engine of serve.
func (o *webhookOpts) engine(ctx context.Context, st *sqlstore.Store, loc *time.Location, account string,
	log *slog.Logger, observe func(delivery.Attempt)) (*delivery.Engine, error) {
	rules, err := o.rules()
	if err != nil {
		return nil, err
	}
	format, err := webhook.ParseFormat(o.format)
	if err != nil {
		return nil, err
	}
	if o.key.file != "" && !o.unsigned {
		// A key file that does not load is a mistake to report now, not at
		// the first delivery.
		if _, err := o.key.load(ctx, st); err != nil {
			return nil, err
		}
	}
	client := func(ctx context.Context) (*webhook.Client, error) {
		cc := webhook.ClientConfig{Timeout: o.timeout, ConnectTimeout: min(10*time.Second, o.timeout), Rules: rules}
		if !o.unsigned {
			key, err := o.key.load(ctx, st)
			if err != nil {
				return nil, err
			}
			cc.Signer = &webhook.Signer{Key: key, CopernicaID: webhook.AccountHeader(account)}
		}
		return webhook.NewClient(cc), nil
	}
	cfg := delivery.Config{
		Client:  client,
		Encoder: webhook.Encoder{Format: format, Loc: loc},
		Workers: int(o.workers),
		Poll:    o.poll,
		Lease:   o.leaseOrDefault(),
		Log:     log,
		Observe: observe,
	}
	// One process owns an SQLite store (its data dir lock): no leases.
	cfg.Exclusive = !st.Dialect().Shared()
	return delivery.New(st, cfg), nil
}

func webhookKeyCommand() *cli.Command {
	var store storeOpts
	var key keyOpts
	var pemOut bool
	return &cli.Command{
		Name:  "webhook-key",
		Usage: "print the DNS TXT record of the key that signs webhook deliveries",
		Description: "Prints the DKIM-style TXT record receivers look the key up with, as a zone file line at the key's\n" +
			"DNS name (--webhook-key-id); --pem prints the public key in PEM instead. Without --webhook-key the\n" +
			"store's own key is used, generated now if the store has none yet.",
		Flags: append(append([]cli.Flag{
			&cli.BoolFlag{Name: "pem", Destination: &pemOut, Usage: "print the public key in PEM", DefaultText: "off"},
		}, key.flags()...), store.flags()...),
		ArgValidator: noArgs,
		Action: action(func(ctx context.Context, cmd *cli.Command) error {
			if err := store.check(cmd); err != nil {
				return err
			}
			st, err := openForToken(ctx, &store, sqlstore.Options{}, cmd.ErrWriter)
			if err != nil {
				return err
			}
			defer st.Close()
			k, err := key.load(ctx, st.Store)
			if err != nil {
				return err
			}
			if pemOut {
				_, err = cmd.Writer.Write(webhook.PublicKeyPEM(&k.Private.PublicKey))
				return err
			}
			fmt.Fprintln(cmd.Writer, webhook.ZoneRecord(k.ID, &k.Private.PublicKey))
			return nil
		}),
	}
}
