// Material's inline bootstrap (partials/javascripts/base.html), unchanged but for the scope: Material
// writes the site's root into the page; this file lives at <root>/assets/javascripts/material/, so
// the root is found from the script's own URL, which holds under any sub-path.
__md_scope=new URL("../../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
