/** Word lists of the demo tweets. Labels come from these words (with negation and contrast rules). */
export const POSITIVE = [
  'love',
  'great',
  'awesome',
  'happy',
  'amazing',
  'fun',
  'wonderful',
  'excited',
  'glad',
  'nice',
  'beautiful',
  'perfect',
  'lovely',
  'brilliant',
  'cool',
  'sweet',
  'fantastic',
  'good',
] as const;

export const NEGATIVE = [
  'hate',
  'awful',
  'terrible',
  'sad',
  'bad',
  'boring',
  'annoying',
  'angry',
  'sick',
  'tired',
  'horrible',
  'broken',
  'upset',
  'stupid',
  'lame',
  'sucks',
  'worst',
  'miserable',
] as const;

export const TOPICS = [
  'the weather',
  'my phone',
  'this song',
  'the new album',
  'work',
  'school',
  'the game',
  'lunch',
  'the movie',
  'my car',
  'the bus',
  'this weekend',
  'the party',
  'my laptop',
  'the beach',
  'coffee',
  'the show',
  'my job',
  'the traffic',
  'dinner',
  'the concert',
  'this book',
  'the rain',
  'monday',
] as const;

export const ACTIVITIES = [
  'going to the store',
  'watching tv',
  'reading a book',
  'at work',
  'on the bus',
  'making dinner',
  'doing laundry',
  'waiting for the train',
  'cleaning my room',
  'checking email',
  'walking the dog',
  'listening to the radio',
  'packing for the trip',
  'at the library',
  'heading home',
  'writing notes',
] as const;

export const TIMES = ['today', 'tonight', 'right now', 'this morning', 'later', 'tomorrow', 'again', 'all day'] as const;
export const OPENERS = ['', '', '', 'omg ', 'well ', 'honestly ', 'lol ', 'ugh ', 'wow ', 'so '] as const;
export const ENDINGS = ['', '', '.', '!', '!!', '...', ' :)', ' :(', ' haha', ' #life', ' #fb'] as const;
export const NAMES = ['@amy', '@bob_t', '@mike22', '@sarah', '@jen', '@dave'] as const;
export const LABELS = ['negative', 'neutral', 'positive'] as const;
