// Material's inline bootstrap (partials/javascripts/base.html), with two changes: Material writes
// the site's root into the page; this file lives at <root>/assets/javascripts/material/, so the
// root is found from the script's own URL, which holds under any sub-path. And every storage read
// and write is guarded: with storage disabled, merely reading `localStorage` throws, which in
// Material's own copy breaks the palette toggle and the tabs; here it reads as "nothing stored".
__md_scope=new URL("../../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_,t=__md_scope)=>{try{return JSON.parse((_||localStorage).getItem(t.pathname+"."+e))}catch(e){return null}},__md_set=(e,_,t,a=__md_scope)=>{try{(t||localStorage).setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
