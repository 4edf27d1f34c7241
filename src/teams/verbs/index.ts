// Every verb the bot knows, once: the card verbs (cardVerbs.ts: the engine command each becomes, how its card
// inputs are read, which card it refreshes to) and the chat commands and message actions (chatCommands.ts: help
// text and manifest entries). The router (app.ts), the card parser, the help card, the manifest script and the
// tests all read this catalog; nothing else lists verbs.
export * from './cardVerbs';
export * from './chatCommands';
